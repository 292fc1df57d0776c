/**
 * The expiry reminder on Discord, end to end: real discord.js (gateway mode) against the fake API, real Redis. The
 * sweep sends the requester one DM with an Extend button; Extend works once and, with `max_extensions: 1`, is
 * refused the second time, each outcome told in an ephemeral follow-up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import { buttonClick, slashCommand, type TestUser } from '../support/discord-payloads.js';

const alice: TestUser = { id: '600000000000000041', username: 'alice' };
/** The reminder is due about 1 s after the request. */
const POLICY = { draft_ttl: '60s', expiry_warning: '59s', max_extensions: 1 };

describe('Discord expiry reminders', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'gateway', config: { policy: POLICY } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Clicks `customId` on `message` and resolves with the ephemeral follow-up that answers it. */
  async function click(message: { id: string; channel_id: string }, customId: string) {
    const before = h.fake.callsTo('POST', /^\/webhooks\//).length;
    h.dispatch(buttonClick(alice, message, customId));
    const told = await h.fake.waitFor(
      () => h.fake.callsTo('POST', /^\/webhooks\//).slice(before)[0],
      5_000,
      'the follow-up',
    );
    return told.body as { content: string; flags?: number };
  }

  it('one reminder DM with Extend; Extend works once and is refused the second time', async () => {
    const dm = h.fake.dmChannelOf(alice.id);
    h.dispatch(slashCommand(alice, 'question that waits too long'));
    const card = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[0],
      5_000,
      'the card',
    );
    const draftId = buttonId(card.body, 'approve').split(':')[2] ?? '';
    const before = await h.app.gate.get(draftId);
    const reminders = () =>
      (h.fake.messages.get(dm) ?? []).filter((m) =>
        JSON.stringify(m.components).includes(`draftgate:extend:${draftId}:`),
      );
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await h.app.gate.sweep();
    await h.app.gate.sweep();
    expect(reminders()).toHaveLength(1);
    const [reminder] = reminders();
    if (!reminder) throw new Error('no reminder');
    expect(reminder.content).toMatch(/will then never be posted.*Extend/);
    const extendId = buttonId(reminder, 'extend');

    const first = await click({ id: reminder.id, channel_id: dm }, extendId);
    expect(first.content).toMatch(/^Extended: the draft now expires at/);
    expect((first.flags ?? 0) & 64).toBe(64);
    expect((await h.app.gate.get(draftId))?.expiresAt).toBe((before?.expiresAt ?? 0) + 60_000);

    const second = await click({ id: reminder.id, channel_id: dm }, extendId);
    expect(second.content).toMatch(/already extended once, the most policy allows/);
    expect((await h.app.gate.get(draftId))?.expiresAt).toBe((before?.expiresAt ?? 0) + 60_000);

    const types = (await h.app.stores.audit.range({ draftId })).map((e) => e.type);
    expect(types.filter((t) => t === 'expiry_warned')).toHaveLength(1);
    expect(types.filter((t) => t === 'extended')).toHaveLength(1);
    expect(types.filter((t) => t === 'denied')).toHaveLength(1);
  });
});
