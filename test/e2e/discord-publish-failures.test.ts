/**
 * Discord refusing a publish, for every error a reviewer can fix or must know about: nothing is posted, the draft
 * goes to `publish_failed`, the reviewer is told privately what Discord said and what to do, the card offers Retry
 * and Discard, and Retry after the cause is fixed posts exactly once. Real discord.js REST against the fake API
 * (gateway mode), real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import { buttonClick, CHANNEL_ID, slashCommand, type TestUser } from '../support/discord-payloads.js';

const alice: TestUser = { id: '600000000000000031', username: 'alice' };
const POSTS = new RegExp(`^/channels/${CHANNEL_ID}/messages$`);

/** [what Discord answers, status, code, message, what the reviewer is told]. */
const CASES: [string, number, number, string, RegExp][] = [
  ['50001 Missing Access', 403, 50001, 'Missing Access', /add the draftgate bot to that channel/],
  ['50013 Missing Permissions', 403, 50013, 'Missing Permissions', /give the draftgate bot Send Messages/],
  ['10003 Unknown Channel', 404, 10003, 'Unknown Channel', /no longer exists/],
  [
    '50083 archived thread',
    400,
    50083,
    'Operation was attempted on an archived thread',
    /thread is archived: reopen it/,
  ],
  ['160005 locked thread', 403, 160005, 'Thread is locked', /thread is locked: unlock it/],
];

describe('Discord publish failures', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'gateway', answer: (r) => `Answer: ${r.question}` });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Polls the Gate until the draft is in `state`. */
  async function stateOf(draftId: string, state: string): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await h.app.gate.get(draftId))?.state === state) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`draft ${draftId} never reached ${state}`);
  }

  const postsOf = (draftId: string) =>
    (h.fake.messages.get(CHANNEL_ID) ?? []).filter((m) => m.content.includes(`ref ${draftId}`));

  it.each(CASES)(
    '%s: nothing posted, publish_failed with a plain private message, and Retry posts once',
    async (_name, status, code, message, hint) => {
      const dm = h.fake.dmChannelOf(alice.id);
      const cardsBefore = h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`)).length;
      h.dispatch(slashCommand(alice, `question for ${code}`));
      const posted = await h.fake.waitFor(
        () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[cardsBefore],
        5_000,
        'the card',
      );
      const approve = buttonId(posted.body, 'approve');
      const draftId = approve.split(':')[2] ?? '';
      const card = h.fake.messages.get(dm)?.at(-1);
      if (!card) throw new Error('no card message');

      h.fake.inject('POST', POSTS, { kind: 'error', status, code, message });
      const webhooksBefore = h.fake.callsTo('POST', /^\/webhooks\//).length;
      h.dispatch(buttonClick(alice, { id: card.id, channel_id: dm }, approve));
      await stateOf(draftId, 'publish_failed');
      expect(postsOf(draftId)).toHaveLength(0);

      // Told privately (an ephemeral follow-up), in plain words, with what to do.
      const told = await h.fake.waitFor(
        () => h.fake.callsTo('POST', /^\/webhooks\//).slice(webhooksBefore)[0],
        5_000,
        'the private message',
      );
      const body = told.body as { content: string; flags?: number };
      expect(body.content).toMatch(hint);
      expect(body.content).toMatch(/Nothing was posted/);
      expect((body.flags ?? 0) & 64).toBe(64);
      const failed = (await h.app.stores.audit.range({ draftId })).filter((e) => e.type === 'publish_failed');
      expect(failed).toHaveLength(1);
      expect(JSON.parse(failed[0]?.detail ?? '{}').error).toContain(String(code));

      // The card says why and offers Retry (the approve button, labelled Retry) and Discard.
      const failedCard = await h.fake.waitFor(
        () => {
          const m = h.fake.messages.get(dm)?.find((x) => x.id === card.id);
          return m?.content.includes('Publish failed') ? m : undefined;
        },
        5_000,
        'the publish_failed card',
      );
      expect(failedCard.content).toMatch(hint);
      const labels = (failedCard.components as { components: { label?: string }[] }[]).flatMap((row) =>
        row.components.map((c) => c.label),
      );
      expect(labels).toEqual(expect.arrayContaining(['Retry', 'Discard']));
      expect(labels).not.toContain('Approve');

      // The cause is fixed (the fake stops failing): Retry publishes, and exactly one message exists.
      h.dispatch(buttonClick(alice, { id: card.id, channel_id: dm }, buttonId(failedCard, 'approve')));
      await stateOf(draftId, 'published');
      expect(postsOf(draftId)).toHaveLength(1);
    },
  );
});
