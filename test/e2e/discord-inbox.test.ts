/**
 * The Discord inbox (`/draftgate pending`) and roles from the member, end to end over the HTTP interactions
 * endpoint: signed payloads → draftgate (createApp, real Redis) → discord.js REST → the fake Discord API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buttonId, buttonIds, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import {
  askCommand,
  buttonClick,
  CHANNEL_ID,
  GUILD_ID,
  guildButtonClick,
  pendingCommand,
  type TestUser,
} from '../support/discord-payloads.js';
import type { FakeMessage } from '../support/fake-discord-api.js';

const ROLE = '720000000000000009';
const alice: TestUser = { id: '600000000000000001', username: 'alice' };
const bob: TestUser = { id: '600000000000000003', username: 'bob', roles: [ROLE] };
const mallory: TestUser = { id: '600000000000000002', username: 'mallory' };

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function dmMessages(harness: DiscordHarness, user: TestUser): FakeMessage[] {
  return harness.fake.messages.get(harness.fake.dmChannelOf(user.id)) ?? [];
}

async function ask(harness: DiscordHarness, user: TestUser, question: string): Promise<FakeMessage> {
  const before = dmMessages(harness, user).length;
  expect((await harness.post(askCommand(user, question))).status).toBe(200);
  return await harness.fake.waitFor(() => dmMessages(harness, user)[before], 5000, `${user.username}'s card`);
}

/** The deferred answer to an interaction, as draftgate edited it (PATCH …/messages/@original). */
function answerTo(harness: DiscordHarness, token: string, what: string): Promise<FakeMessage> {
  return harness.fake.waitFor(
    () => {
      const edit = harness.fake
        .callsTo('PATCH', new RegExp(`^/webhooks/\\d+/${token}/messages/@original$`))
        .at(-1);
      return edit ? (edit.body as FakeMessage) : undefined;
    },
    5000,
    what,
  );
}

/** Sends `/draftgate pending` and returns the ephemeral answer (deferred with the ephemeral flag, then edited). */
async function pending(harness: DiscordHarness, user: TestUser): Promise<FakeMessage> {
  const payload = pendingCommand(user);
  const res = await harness.post(payload);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
  return await answerTo(harness, payload.token, 'the pending list');
}

async function click(harness: DiscordHarness, payload: { token: string }): Promise<FakeMessage> {
  expect((await harness.post(payload)).status).toBe(200);
  return await answerTo(harness, payload.token, 'the answer to the click');
}

/** Polls an async check (the store) until it gives a value. */
async function eventually<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const ref = (message: FakeMessage) => ({
  id: message.id,
  channel_id: message.channel_id,
  components: message.components,
});

describe('Discord /draftgate pending', () => {
  it('lists my pending draft ephemerally with Open and Discard; Open re-sends the card; approved, it is gone', async () => {
    h = await startDiscordHarness({ mode: 'http' });
    const harness = h;
    const empty = await pending(harness, alice);
    expect(empty.content).toContain('Waiting for you (0)');

    const card = await ask(harness, alice, 'how do I rotate the staging cert?');
    const draftId = buttonId(card, 'approve').split(':')[2];
    const list = await pending(harness, alice);
    expect(list.content).toContain('Waiting for you (1)');
    expect(list.content).toContain('how do I rotate the staging cert?');
    expect(list.content).toContain(`<#${CHANNEL_ID}>`);
    expect(list.content).toMatch(/expires <t:\d+:R>/);
    expect(buttonIds(list)).toEqual([`draftgate:open:${draftId}:1`, `draftgate:discard:${draftId}:1`]);
    expect((await pending(harness, mallory)).content).toContain('Waiting for you (0)');

    const before = dmMessages(harness, alice).length;
    const opened = await click(harness, guildButtonClick(alice, ref(list), buttonId(list, 'open')));
    expect(opened.content).toContain('sent to your direct messages');
    const resent = await harness.fake.waitFor(
      () => dmMessages(harness, alice)[before],
      5000,
      'the re-sent card',
    );
    expect(buttonId(resent, 'approve')).toBe(buttonId(card, 'approve'));

    expect((await harness.post(buttonClick(alice, ref(resent), buttonId(resent, 'approve')))).status).toBe(
      200,
    );
    await harness.fake.waitFor(
      () => harness.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`)).length === 1,
      5000,
      'the publish',
    );
    expect((await pending(harness, alice)).content).toContain('Waiting for you (0)');
  });
});

describe('Discord roles from the member', () => {
  const config = { policy: { second_approval: { mode: 'always', approvers: { roles: [ROLE] } } } };

  it('a member with the role sees and gives the second approval; without it, or when the lookup fails, refused', async () => {
    h = await startDiscordHarness({ mode: 'http', config });
    const harness = h;
    const card = await ask(harness, alice, 'can I drop the old audit table?');
    expect((await harness.post(buttonClick(alice, ref(card), buttonId(card, 'approve')))).status).toBe(200);
    const draftId = buttonId(card, 'approve').split(':')[2] ?? '';
    await eventually(
      async () => (await harness.app.gate.get(draftId))?.state === 'awaiting_second_approval',
      'the first approval',
    );
    // The guild interaction's member carries the role: Bob sees the draft, Mallory does not.
    const list = await pending(harness, bob);
    expect(list.content).toContain('your second approval');
    expect(buttonIds(list)).toEqual([`draftgate:open:${draftId}:1`]);
    expect((await pending(harness, mallory)).content).toContain('Waiting for you (0)');

    const before = dmMessages(harness, bob).length;
    await click(harness, guildButtonClick(bob, ref(list), buttonId(list, 'open')));
    const bobCard = await harness.fake.waitFor(() => dmMessages(harness, bob)[before], 5000, "Bob's card");

    // A DM click carries no member: roles are looked up in the guild. The lookup fails (no such member): refused.
    expect((await harness.post(buttonClick(bob, ref(bobCard), buttonId(bobCard, 'approve')))).status).toBe(
      200,
    );
    const denied = await eventually(
      async () =>
        (await harness.app.stores.audit.range({ draftId })).find(
          (e) => e.type === 'denied' && e.actor === bob.id,
        ),
      'the denied event',
    );
    expect(JSON.parse(denied.detail)).toEqual({ action: 'approve', reason: 'role_lookup_failed' });
    expect((await harness.app.gate.get(draftId))?.state).toBe('awaiting_second_approval');

    harness.fake.setMember(GUILD_ID, bob.id, [ROLE]);
    expect((await harness.post(buttonClick(bob, ref(bobCard), buttonId(bobCard, 'approve')))).status).toBe(
      200,
    );
    await eventually(async () => (await harness.app.gate.get(draftId))?.state === 'published', 'the publish');
  });
});

describe('Discord /draftgate pending over the gateway', () => {
  it('discord.js reads the subcommand from INTERACTION_CREATE and the list comes back ephemerally', async () => {
    h = await startDiscordHarness({ mode: 'gateway' });
    const harness = h;
    const asked = askCommand(alice, 'where are the gateway logs?');
    harness.dispatch(asked);
    await harness.fake.waitFor(() => dmMessages(harness, alice)[0], 5000, "alice's card");
    const payload = pendingCommand(alice);
    harness.dispatch(payload);
    const callback = await harness.fake.waitFor(
      () =>
        harness.fake.callsTo(
          'POST',
          new RegExp(`^/interactions/${payload.id}/${payload.token}/callback$`),
        )[0],
      5000,
      'the deferral',
    );
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const list = await answerTo(harness, payload.token, 'the pending list');
    expect(list.content).toContain('Waiting for you (1)');
    expect(list.content).toContain('where are the gateway logs?');
  });
});
