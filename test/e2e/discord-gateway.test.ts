/**
 * The Discord adapter over the gateway, end to end: discord.js logs in to a fake gateway on `ws` (GET /gateway/bot,
 * HELLO, IDENTIFY, READY, GUILD_CREATE); INTERACTION_CREATE / MESSAGE_CREATE dispatches arrive over that
 * WebSocket and are answered through discord.js's REST client against a fake Discord API, with draftgate wired
 * by createApp on real Redis. A dropped connection is resumed (RESUME, replay, RESUMED).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import {
  buttonClick,
  CHANNEL_ID,
  messageCreate,
  modalSubmit,
  slashCommand,
  snowflake,
  type TestUser,
} from '../support/discord-payloads.js';
import type { RecordedCall } from '../support/fake-discord-api.js';

const alice: TestUser = { id: '600000000000000011', username: 'alice' };
const carol: TestUser = { id: '600000000000000012', username: 'carol' };
const bob: TestUser = { id: '600000000000000013', username: 'bob' };
const owner: TestUser = { id: '600000000000000014', username: 'owner' };
const agentBot = { id: '650000000000000001', username: 'eager-agent', bot: true };
const otherBot = { id: '650000000000000002', username: 'some-other-bot', bot: true };

const targetPosts = (h: DiscordHarness): RecordedCall[] =>
  h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
const callback = (h: DiscordHarness, interaction: { id: string }) =>
  h.fake.callsTo('POST', new RegExp(`^/interactions/${interaction.id}/[^/]+/callback$`))[0];

async function dmCards(h: DiscordHarness, user: TestUser, count: number): Promise<RecordedCall[]> {
  const dm = h.fake.dmChannelOf(user.id);
  return await h.fake.waitFor(
    () => {
      const cards = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`));
      return cards.length >= count ? cards : undefined;
    },
    5_000,
    `${count} DM card(s) to ${user.username}`,
  );
}

function cardRef(h: DiscordHarness, user: TestUser) {
  const dm = h.fake.dmChannelOf(user.id);
  const card = h.fake.messages.get(dm)?.at(-1);
  if (!card) throw new Error('no card in the DM channel');
  return { id: card.id, channel_id: dm, components: card.components };
}

async function ask(
  h: DiscordHarness,
  user: TestUser,
  question: string,
  cardsBefore: number,
): Promise<RecordedCall> {
  const command = slashCommand(user, question);
  h.dispatch(command);
  const cards = await dmCards(h, user, cardsBefore + 1);
  const card = cards[cardsBefore];
  if (!card) throw new Error('no card');
  return card;
}

describe('Discord over the gateway', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({
      mode: 'gateway',
      config: {
        risk: {
          rules: [
            {
              id: 'test.world-writable',
              pattern: 'chmod 777',
              severity: 'confirm',
              explanation: 'Makes files world-writable.',
            },
            {
              id: 'test.drop-table',
              pattern: 'DROP TABLE',
              severity: 'block',
              explanation: 'Destroys a table.',
            },
          ],
        },
      },
      discord: {
        quarantine: { enabled: true, agent_bot_ids: [agentBot.id], channels: [CHANNEL_ID], owner: owner.id },
      },
      answer: (request) =>
        request.previous
          ? `Shorter: ${request.previous.feedback}`
          : request.question.includes('permissions')
            ? 'Run chmod 777 on the deploy dir.'
            : request.question.includes('table')
              ? 'Just DROP TABLE sessions.'
              : `Answer: ${request.question}`,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('logs in through GET /gateway/bot and IDENTIFY, asking for only the intents it needs', async () => {
    expect(h.fake.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(h.gateway?.identifies).toHaveLength(1);
    expect(h.gateway?.identifies[0]?.token).toBe('test-bot-token');
    // Guilds (1), GuildMessages (512) and MessageContent (32768) because quarantine is on; no DirectMessages.
    expect(h.gateway?.identifies[0]?.intents).toBe(1 | 512 | 32768);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      transports: [{ transport: 'gateway', state: 'ready', connected: true }],
    });
  });

  it('slash command through discord.js: ephemeral defer via the callback endpoint, card in DM, one post on approve', async () => {
    const command = slashCommand(alice, 'Where are the runbooks?');
    h.dispatch(command);
    const deferred = await h.fake.waitFor(() => callback(h, command), 5_000, 'the defer');
    expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });
    const [card] = await dmCards(h, alice, 1);
    expect(targetPosts(h)).toHaveLength(0);
    // The deferred reply tells the requester where the draft is.
    await h.fake.waitFor(
      () => h.fake.originalOf(command.token)?.content.includes('DMs'),
      5_000,
      'the status reply',
    );

    const click = buttonClick(alice, cardRef(h, alice), buttonId(card?.body, 'approve'));
    h.dispatch(click);
    const post = await h.fake.waitFor(() => targetPosts(h)[0], 5_000, 'the publish');
    expect(callback(h, click)?.body).toEqual({ type: 6 });
    expect((post.body as { allowed_mentions: { parse: unknown[] } }).allowed_mentions.parse).toEqual([]);
    expect((post.body as { nonce: string }).nonce).toMatch(/^[a-f0-9]{20}$/);
    expect(targetPosts(h)).toHaveLength(1);
  });

  it('closed DMs (50007): the card arrives as an ephemeral follow-up, never publicly, and still works', async () => {
    const dm = h.fake.dmChannelOf(carol.id);
    h.fake.inject('POST', new RegExp(`^/channels/${dm}/messages$`), {
      kind: 'error',
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    const before = targetPosts(h).length;
    const command = slashCommand(carol, 'How do I get VPN access?');
    h.dispatch(command);
    const followUp = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/webhooks/\\d+/${command.token}$`))[0],
      5_000,
      'the private card',
    );
    const body = followUp.body as { flags: number; content: string; embeds: { description: string }[] };
    expect(body.flags & 64).toBe(64);
    expect(body.content).toContain('Draft for review');
    expect(body.embeds[0]?.description).toContain('VPN access');
    expect(targetPosts(h)).toHaveLength(before);
    await h.fake.waitFor(
      () => h.fake.originalOf(command.token)?.content.includes('DMs are closed'),
      5_000,
      'status',
    );

    // Approve on the ephemeral card publishes once; the card is updated through the request's webhook.
    const cardMessage = h.fake.messages
      .get(`webhook:${command.token}`)
      ?.find((m) => m.content.includes('Draft for review'));
    if (!cardMessage) throw new Error('no private card');
    const click = buttonClick(
      carol,
      { id: cardMessage.id, channel_id: CHANNEL_ID, flags: 64, components: cardMessage.components },
      buttonId(cardMessage, 'approve'),
    );
    h.dispatch(click);
    await h.fake.waitFor(() => targetPosts(h).length > before, 5_000, 'the publish');
    await h.fake.waitFor(
      () =>
        h.fake.callsTo(
          'PATCH',
          new RegExp(`^/webhooks/\\d+/${command.token}/messages/${cardMessage.id}$`),
        )[0],
      5_000,
      'the private card update',
    );
    expect(targetPosts(h)).toHaveLength(before + 1);
  });

  it('confirm-severity finding: Approve… asks first, and only "Confirm approve" publishes', async () => {
    const cardsBefore = h.fake.callsTo(
      'POST',
      new RegExp(`^/channels/${h.fake.dmChannelOf(alice.id)}/messages$`),
    ).length;
    const card = await ask(h, alice, 'How do I fix the deploy permissions?', cardsBefore);
    // The findings follow the draft text in their own embed; the risky Approve is a red "Review & approve…".
    const body = card.body as { embeds: { title?: string; description?: string }[] };
    expect(body.embeds.at(-1)?.title).toBe('Findings');
    expect(body.embeds.at(-1)?.description).toContain('Makes files world-writable.');
    expect(
      (card.body as { components: { components: { label?: string; style?: number }[] }[] }).components[0]
        ?.components[0],
    ).toMatchObject({ label: 'Review & approve…', style: 4 });
    const before = targetPosts(h).length;
    const askClick = buttonClick(alice, cardRef(h, alice), buttonId(card.body, 'ask'));
    h.dispatch(askClick);
    const confirmation = await h.fake.waitFor(
      () =>
        h.fake.originalOf(askClick.token)?.components.length ? h.fake.originalOf(askClick.token) : undefined,
      5_000,
      'the confirmation',
    );
    expect(callback(h, askClick)?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(confirmation.content).toContain('Makes files world-writable.');
    expect(targetPosts(h)).toHaveLength(before);

    // A plain approve (confirmed: false) of the same version is refused by the Gate.
    const plain = await h.app.gate.approve({
      draftId: buttonId(card.body, 'ask').split(':')[2] ?? '',
      version: 1,
      actor: { id: alice.id, platform: 'discord', workspace: '700000000000000001' },
      confirmed: false,
    });
    expect(plain.ok).toBe(false);

    const confirm = buttonClick(
      alice,
      {
        id: confirmation.id,
        channel_id: h.fake.dmChannelOf(alice.id),
        flags: 64,
        components: confirmation.components,
      },
      buttonId(confirmation, 'confirm'),
    );
    h.dispatch(confirm);
    await h.fake.waitFor(() => targetPosts(h).length > before, 5_000, 'the publish');
    expect(targetPosts(h)).toHaveLength(before + 1);
    const outcome = await h.fake.waitFor(
      () => h.fake.callsTo('PATCH', new RegExp(`^/webhooks/\\d+/${confirm.token}/messages/@original$`))[0],
      5_000,
      'the outcome',
    );
    expect(outcome.body).toMatchObject({ content: 'Published.', components: [] });
  });

  it('block-severity finding: no Approve button, and the reason is shown', async () => {
    const cardsBefore = h.fake.callsTo(
      'POST',
      new RegExp(`^/channels/${h.fake.dmChannelOf(alice.id)}/messages$`),
    ).length;
    const card = await ask(h, alice, 'How do I clean the sessions table?', cardsBefore);
    const ids = (card.body as { components: { components: { custom_id: string }[] }[] }).components.flatMap(
      (r) => r.components.map((c) => c.custom_id.split(':')[1]),
    );
    expect(ids).toEqual(['edit', 'regenerate', 'discard']);
    expect((card.body as { content: string }).content).toContain('**Approve unavailable:**');
  });

  it('Regenerate opens a feedback modal; the card is updated with the new version', async () => {
    const dm = h.fake.dmChannelOf(alice.id);
    const cardsBefore = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`)).length;
    const card = await ask(h, alice, 'Explain the release train', cardsBefore);
    const click = buttonClick(alice, cardRef(h, alice), buttonId(card.body, 'regenerate'));
    h.dispatch(click);
    const modal = await h.fake.waitFor(() => callback(h, click), 5_000, 'the modal');
    const data = (modal.body as { type: number; data: { custom_id: string } }).data;
    expect((modal.body as { type: number }).type).toBe(9);
    h.dispatch(modalSubmit(alice, dm, data.custom_id, { feedback: 'in two sentences' }));
    const updated = await h.fake.waitFor(
      () => h.fake.messages.get(dm)?.find((m) => m.content.includes('· v2') && m.embeds.length > 0),
      5_000,
      'the v2 card',
    );
    expect(JSON.stringify(updated.embeds)).toContain('Shorter: in two sentences');
  });

  it('Discard: the card says so, and nothing is posted', async () => {
    const dm = h.fake.dmChannelOf(alice.id);
    const cardsBefore = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`)).length;
    const before = targetPosts(h).length;
    const card = await ask(h, alice, 'Should we page the DBA?', cardsBefore);
    const ref = cardRef(h, alice);
    h.dispatch(buttonClick(alice, ref, buttonId(card.body, 'discard')));
    await h.fake.waitFor(
      () => h.fake.messages.get(dm)?.find((m) => m.id === ref.id && m.content.includes('**Discarded**')),
      5_000,
      'the discarded card',
    );
    // Approve on the discarded card is refused.
    const late = buttonClick(alice, ref, buttonId(card.body, 'approve'));
    h.dispatch(late);
    const refusal = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/webhooks/\\d+/${late.token}$`))[0],
      5_000,
      'the refusal',
    );
    expect((refusal.body as { content: string; flags: number }).flags & 64).toBe(64);
    expect(targetPosts(h)).toHaveLength(before);
  });

  it('quarantine: a direct post by a listed agent bot is deleted and becomes a draft for the person it answered', async () => {
    const question = { id: snowflake(), content: 'Can someone explain the cache flush?', author: bob };
    const direct = messageCreate(agentBot, 'Flush it with FLUSHALL on prod.', { replyTo: question });
    h.fake.seedMessage(CHANNEL_ID, {
      id: direct.id,
      content: direct.content,
      author: { ...agentBot, discriminator: '0', global_name: null, avatar: null },
    });
    h.dispatchMessage(direct);
    await h.fake.waitFor(
      () => h.fake.callsTo('DELETE', new RegExp(`^/channels/${CHANNEL_ID}/messages/${direct.id}$`))[0],
      5_000,
      'the deletion',
    );
    const [card] = await dmCards(h, bob, 1);
    const body = card?.body as { content: string; embeds: { description: string }[] };
    expect(body.embeds[0]?.description).toContain('Flush it with FLUSHALL on prod.');
    expect(body.content).toContain(`/${CHANNEL_ID}/${question.id}`);
    expect(h.fake.messages.get(CHANNEL_ID)?.some((m) => m.id === direct.id)).toBe(false);
  });

  it('quarantine: a direct post without a reply goes to the owner; other bots and people are left alone', async () => {
    const direct = messageCreate(agentBot, 'Unprompted advice: restart everything.');
    h.dispatchMessage(direct);
    const [card] = await dmCards(h, owner, 1);
    expect(JSON.stringify(card?.body)).toContain('Unprompted advice');

    const deletesBefore = h.fake.callsTo('DELETE', /^\/channels\/\d+\/messages\/\d+$/).length;
    h.dispatchMessage(messageCreate(otherBot, 'I am a different bot.'));
    h.dispatchMessage(messageCreate(bob, 'I am a person.'));
    // A marker: one more quarantined post after them, so the two above have been processed when it is deleted.
    const marker = messageCreate(agentBot, 'Marker post.');
    h.dispatchMessage(marker);
    await h.fake.waitFor(
      () => h.fake.callsTo('DELETE', new RegExp(`^/channels/${CHANNEL_ID}/messages/${marker.id}$`))[0],
      5_000,
      'the marker deletion',
    );
    expect(h.fake.callsTo('DELETE', /^\/channels\/\d+\/messages\/\d+$/).length).toBe(deletesBefore + 1);
  });

  it('quarantine: a denied event with reason direct_post is audited', async () => {
    const direct = messageCreate(agentBot, 'Another direct post.');
    h.dispatchMessage(direct);
    await h.fake.waitFor(
      () => h.fake.callsTo('DELETE', new RegExp(`^/channels/${CHANNEL_ID}/messages/${direct.id}$`))[0],
      5_000,
      'the deletion',
    );
    let denied = 0;
    for (let attempt = 0; attempt < 200 && denied === 0; attempt++) {
      const entries = await h.app.stores.audit.range({});
      denied = entries.filter(
        (e) => e.type === 'denied' && JSON.parse(e.detail).reason === 'direct_post',
      ).length;
      if (denied === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(denied).toBeGreaterThan(0);
  });

  it('a dropped connection is resumed: /readyz says so meanwhile, and a click sent during the outage publishes once', async () => {
    const gateway = h.gateway;
    if (!gateway) throw new Error('gateway mode has a gateway');
    const dm = h.fake.dmChannelOf(alice.id);
    const cardsBefore = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`)).length;
    const card = await ask(h, alice, 'When is the next maintenance window?', cardsBefore);
    const ref = cardRef(h, alice);
    const before = targetPosts(h).length;

    gateway.hold = true;
    gateway.drop();
    let down: { status: number; body: { transports?: { connected: boolean; state: string }[] } } | undefined;
    for (let attempt = 0; attempt < 400 && !down; attempt++) {
      const response = await fetch(`${h.baseUrl}/readyz`);
      const body = (await response.json()) as { transports?: { connected: boolean; state: string }[] };
      if (response.status === 503) down = { status: response.status, body };
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(down?.body.transports?.[0]?.connected).toBe(false);

    // Discord keeps the dispatch for the session; it arrives after RESUME.
    h.dispatch(buttonClick(alice, ref, buttonId(card.body, 'approve')));
    expect(targetPosts(h)).toHaveLength(before);
    gateway.release();
    await h.fake.waitFor(() => targetPosts(h).length > before, 10_000, 'the publish after the resume');
    expect(gateway.resumes).toHaveLength(1);
    expect(gateway.resumes[0]?.session_id).toBe(gateway.sessionId);
    expect(gateway.identifies).toHaveLength(1);
    expect(targetPosts(h)).toHaveLength(before + 1);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });
});
