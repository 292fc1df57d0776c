/**
 * The Discord adapter over the HTTP interactions endpoint, end to end: signed interaction requests in Discord's
 * payload format → draftgate (createApp, real Redis) → discord.js's REST client → a fake Discord API on loopback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import {
  buttonClick,
  CHANNEL_ID,
  messageCommand,
  modalSubmit,
  signedHeaders,
  slashCommand,
  snowflake,
  type TestUser,
} from '../support/discord-payloads.js';
import type { RecordedCall } from '../support/fake-discord-api.js';

const alice: TestUser = { id: '600000000000000001', username: 'alice' };
const mallory: TestUser = { id: '600000000000000002', username: 'mallory' };
const bob: TestUser = { id: '600000000000000003', username: 'bob' };

const targetPosts = (h: DiscordHarness, channel = CHANNEL_ID): RecordedCall[] =>
  h.fake.callsTo('POST', new RegExp(`^/channels/${channel}/messages$`));

/** Waits for the review card DM'd to `user` (the n-th DM message, counting from 1) and returns its recorded call. */
async function dmCard(h: DiscordHarness, user: TestUser, nth = 1): Promise<RecordedCall> {
  const dm = h.fake.dmChannelOf(user.id);
  return await h.fake.waitFor(
    () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[nth - 1],
    5_000,
    `review card DM #${nth} to ${user.username}`,
  );
}

function cardRef(h: DiscordHarness, user: TestUser) {
  const dm = h.fake.dmChannelOf(user.id);
  const card = h.fake.messages.get(dm)?.at(-1);
  if (!card) throw new Error('no card in the DM channel');
  return { id: card.id, channel_id: dm, components: card.components };
}

/** The latest follow-up (ephemeral) posted with an interaction token. */
function followUps(h: DiscordHarness, token: string): RecordedCall[] {
  return h.fake.callsTo('POST', new RegExp(`^/webhooks/\\d+/${token}$`));
}

async function askAndGetCard(h: DiscordHarness, user: TestUser, question: string): Promise<RecordedCall> {
  const before = h.fake.callsTo(
    'POST',
    new RegExp(`^/channels/${h.fake.dmChannelOf(user.id)}/messages$`),
  ).length;
  const res = await h.post(slashCommand(user, question));
  expect(res.status).toBe(200);
  return await dmCard(h, user, before + 1);
}

describe('Discord over the HTTP interactions endpoint', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'http' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers PING with PONG when signed, and refuses bad, missing and stale signatures with 401', async () => {
    const ping = { id: snowflake(), application_id: '900000000000000001', type: 1, token: 'x', version: 1 };
    const ok = await h.post(ping);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ type: 1 });

    const body = JSON.stringify(ping);
    const good = signedHeaders(h.keys, body);
    const flipped = `${good['x-signature-ed25519'].slice(0, -2)}${good['x-signature-ed25519'].endsWith('00') ? '11' : '00'}`;
    const badSig = await h.post(ping, { ...good, 'x-signature-ed25519': flipped });
    expect(badSig.status).toBe(401);

    // Signed correctly, but over a different body.
    const tampered = await fetch(h.endpoint, {
      method: 'POST',
      headers: good,
      body: body.replace('"x"', '"y"'),
    });
    expect(tampered.status).toBe(401);

    const { 'x-signature-ed25519': _drop, ...unsigned } = good;
    expect((await h.post(ping, unsigned)).status).toBe(401);

    const stale = signedHeaders(h.keys, body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect((await h.post(ping, stale)).status).toBe(401);
    const future = signedHeaders(h.keys, body, Math.floor(Date.now() / 1000) + 6 * 60);
    expect((await h.post(ping, future)).status).toBe(401);

    // A command under a bad signature never reaches the Gate.
    const agentCallsBefore = h.agentCalls.length;
    const command = slashCommand(alice, 'should never run');
    const forged = await h.post(command, {
      ...signedHeaders(h.keys, JSON.stringify(command)),
      'x-signature-ed25519': flipped,
    });
    expect(forged.status).toBe(401);
    expect(h.agentCalls.length).toBe(agentCallsBefore);
  });

  it('slash command: defers ephemerally, DMs the card, posts nothing before approval and exactly one post after', async () => {
    const res = await h.post(slashCommand(alice, 'How do I rotate the staging TLS cert? @everyone'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });

    const card = await dmCard(h, alice);
    const body = card.body as {
      content: string;
      embeds: { description: string }[];
      allowed_mentions: unknown;
    };
    expect(body.content).toContain('Draft for review');
    expect(body.content).toContain(`<#${CHANNEL_ID}>`);
    expect(body.content).toContain(`https://discord.com/channels/700000000000000001/${CHANNEL_ID}`);
    expect(body.content).toMatch(/Expires <t:\d+:R>/);
    expect(body.embeds[0]?.description).toContain('rotate the staging TLS cert');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(targetPosts(h)).toHaveLength(0);

    const approve = buttonId(card.body, 'approve');
    const click = await h.post(buttonClick(alice, cardRef(h, alice), approve));
    expect(await click.json()).toEqual({ type: 6 });

    const post = await h.fake.waitFor(() => targetPosts(h)[0], 5_000, 'the publish');
    const published = post.body as Record<string, unknown>;
    expect(published.allowed_mentions).toMatchObject({ parse: [] });
    expect(published.nonce).toMatch(/^[a-f0-9]{20}$/);
    expect(published.enforce_nonce).toBe(true);
    expect(published.flags).toBe(1 << 2);
    expect(published.content).toContain('rotate the staging TLS cert');
    expect(published.content).toContain(`-# AI-drafted · approved by <@${alice.id}>`);
    expect(published.message_reference).toBeUndefined();

    // The card becomes "Published" with a jump link and Retract.
    const dm = h.fake.dmChannelOf(alice.id);
    const updated = await h.fake.waitFor(
      () => h.fake.messages.get(dm)?.find((m) => m.content.includes('**Published**')),
      5_000,
      'the Published card',
    );
    expect(updated.content).toContain('jump to the post');
    const retract = buttonId(updated, 'retract');

    // A second click on the old Approve changes nothing.
    const again = buttonClick(alice, cardRef(h, alice), approve);
    await h.post(again);
    const refusal = await h.fake.waitFor(
      () => followUps(h, again.token)[0],
      5_000,
      'the refusal of the second click',
    );
    expect((refusal.body as { content: string }).content).toMatch(/already published/);
    expect(targetPosts(h)).toHaveLength(1);

    // Retract deletes the published message.
    await h.post(buttonClick(alice, cardRef(h, alice), retract));
    await h.fake.waitFor(
      () => h.fake.callsTo('DELETE', new RegExp(`^/channels/${CHANNEL_ID}/messages/\\d+$`))[0],
      5_000,
      'delete',
    );
    expect(h.fake.messages.get(CHANNEL_ID) ?? []).toHaveLength(0);
    // No policy rule names roles, so the DM clicks looked up no guild member.
    expect(h.fake.callsTo('GET', /^\/guilds\/\d+\/members\//)).toHaveLength(0);
  });

  it('context-menu command: targets the message and publishes as a reply to it', async () => {
    const original = h.fake.seedMessage(CHANNEL_ID, {
      content: 'Why does the deploy job fail with EACCES?',
      author: { id: bob.id, username: 'bob', discriminator: '0', global_name: 'bob', avatar: null },
    });
    const before = targetPosts(h).length;
    const res = await h.post(
      messageCommand(alice, { id: original.id, content: original.content, author: bob }),
    );
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    const card = await dmCard(h, alice, 2);
    expect(h.agentCalls.at(-1)?.question).toBe('Why does the deploy job fail with EACCES?');
    expect(h.agentCalls.at(-1)?.target.message).toBe(original.id);
    expect((card.body as { content: string }).content).toContain(`/${CHANNEL_ID}/${original.id}`);

    await h.post(buttonClick(alice, cardRef(h, alice), buttonId(card.body, 'approve')));
    const post = await h.fake.waitFor(() => targetPosts(h)[before], 5_000, 'the reply');
    expect((post.body as { message_reference: unknown }).message_reference).toEqual({
      message_id: original.id,
      fail_if_not_exists: false,
    });
    expect(targetPosts(h)).toHaveLength(before + 1);
  });

  it('refuses a different user ephemerally and posts nothing', async () => {
    const card = await askAndGetCard(h, alice, 'Which port does the metrics endpoint use?');
    const posts = targetPosts(h).length;
    const click = buttonClick(mallory, cardRef(h, alice), buttonId(card.body, 'approve'));
    await h.post(click);
    const denial = await h.fake.waitFor(() => followUps(h, click.token)[0], 5_000, 'the denial');
    const body = denial.body as { content: string; flags: number };
    expect(body.flags & 64).toBe(64);
    expect(body.content).toMatch(/can't approve/);
    expect(targetPosts(h)).toHaveLength(posts);
    const entries = await h.app.stores.audit.range({});
    expect(entries.some((e) => e.type === 'denied' && e.actor === mallory.id)).toBe(true);
  });

  it('Edit opens a prefilled modal; a submission for an old version is refused ephemerally', async () => {
    const card = await askAndGetCard(h, alice, 'What is our on-call rotation?');
    const edit = buttonId(card.body, 'edit');
    const res = await h.post(buttonClick(alice, cardRef(h, alice), edit));
    const modal = (await res.json()) as { type: number; data: { custom_id: string; components: unknown[] } };
    expect(modal.type).toBe(9);
    const input = (
      modal.data.components[0] as { components: { value: string; max_length: number; style: number }[] }
    ).components[0];
    expect(input?.value).toContain('on-call rotation');
    expect(input?.max_length).toBe(4000);
    expect(input?.style).toBe(2);

    const dm = h.fake.dmChannelOf(alice.id);
    const first = modalSubmit(alice, dm, modal.data.custom_id, {
      text: 'Edited once: see the on-call page.',
    });
    expect(await (await h.post(first)).json()).toEqual({ type: 5, data: { flags: 64 } });
    await h.fake.waitFor(
      () => h.fake.callsTo('PATCH', new RegExp(`^/webhooks/\\d+/${first.token}/messages/@original$`))[0],
      5_000,
      'the edit confirmation',
    );

    // The same modal (version 1) submitted again: the draft is at version 2 now.
    const stale = modalSubmit(alice, dm, modal.data.custom_id, { text: 'A stale edit that must not land.' });
    await h.post(stale);
    const refusal = await h.fake.waitFor(
      () => h.fake.callsTo('PATCH', new RegExp(`^/webhooks/\\d+/${stale.token}/messages/@original$`))[0],
      5_000,
      'the stale refusal',
    );
    expect((refusal.body as { content: string }).content).toMatch(/version 1.*version 2/);
    const draftId = modal.data.custom_id.split(':')[2] ?? '';
    const draft = await h.app.gate.get(draftId);
    expect(draft?.text).toBe('Edited once: see the on-call page.');
    expect(draft?.version).toBe(2);
  });

  it('20 concurrent Approve clicks produce exactly one post', async () => {
    const card = await askAndGetCard(h, alice, 'Is the staging DB backed up nightly?');
    const before = targetPosts(h).length;
    const approve = buttonId(card.body, 'approve');
    const ref = cardRef(h, alice);
    const clicks = Array.from({ length: 20 }, () => buttonClick(alice, ref, approve));
    const responses = await Promise.all(clicks.map((click) => h.post(click)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    // Every losing click is told so privately; the winner publishes.
    await h.fake.waitFor(
      () => clicks.filter((click) => followUps(h, click.token).length > 0).length === 19,
      10_000,
      '19 refusals',
    );
    await h.fake.waitFor(() => targetPosts(h).length > before, 5_000, 'the publish');
    expect(targetPosts(h)).toHaveLength(before + 1);
    const draftId = approve.split(':')[2] ?? '';
    const published = (await h.app.stores.audit.range({ draftId })).filter((e) => e.type === 'published');
    expect(published).toHaveLength(1);
  });
});
