/**
 * Fuzzing `POST /slack/events`: at least 10,000 mutated Slack deliveries (bit flips in body, signature and
 * timestamp; ±301 s of skew under a recomputed signature; missing, duplicated, swapped, misnamed and reordered
 * headers; re-encoded bodies under the original signature; oversized bodies; invalid JSON under a valid signature)
 * against the whole app (createApp, real Bolt, real Redis, the fake Slack Web API). None is accepted, and none
 * changes anything: Redis is byte-for-byte the same, and the fake Slack API and the agent receive no call.
 * The seed is printed with the summary and on failure; `FUZZ_SEED=<seed>` replays the same mutations;
 * `FUZZ_REQUESTS=<n>` sends more than 10,000.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import type { Draft } from '../../src/core/draft.js';
import { systemClock } from '../../src/core/ports.js';
import {
  appMention,
  blockAction,
  messageShortcut,
  slashCommand,
  viewSubmission,
} from '../../testkit/slack-requests.js';
import { RawClient, type RawRequest } from '../support/fuzz/http.js';
import { type BaseRequest, FAMILIES, Mutator, signedRequest } from '../support/fuzz/mutate-request.js';
import { fuzzSeed, withSeed } from '../support/fuzz/random.js';
import { runFuzz, summarize } from '../support/fuzz/run.js';
import { slackBase, slackScheme } from '../support/fuzz/schemes.js';
import { changedKeys, snapshotRedis } from '../support/fuzz/state.js';
import { RecordingAgent } from '../support/recording-agent.js';
import { connectTestRedis } from '../support/redis.js';
import {
  auditOf,
  button,
  draftIdOf,
  SIGNING_SECRET,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const CHANNEL = 'C0GENERAL';
const TOTAL = Math.max(10_000, Number(process.env.FUZZ_REQUESTS ?? 0));
const CONCURRENCY = 24;

describe('Slack fuzzing: mutated deliveries are never accepted and change nothing', () => {
  let h: SlackHarness;
  let client: RawClient;
  let redis: Redis;
  const agent = new RecordingAgent((request) => ({ ok: true, text: `Answer to: ${request.question}` }));
  let draftId = '';
  let card: { channel: string; ts: string };
  let approveValue = '';
  const bases: BaseRequest[] = [];

  beforeAll(async () => {
    h = await startSlackHarness({ store: 'redis', agent });
    redis = connectTestRedis();
    client = new RawClient(`${urlOf(h)}/slack/events`, CONCURRENCY);
    // A real pending draft, so that an accepted Approve click would publish and an accepted edit would change it.
    const request = slashCommand({
      fake: h.fake,
      text: 'how do I rotate the staging cert?',
      user: ALICE,
      channel: CHANNEL,
    });
    expect((await h.sender.send(request)).status).toBe(200);
    await h.slack.idle();
    const message = h.fake.messages.find((m) => m.channel === `D${ALICE}`);
    if (!message) throw new Error('no review card reached the DM');
    card = { channel: message.channel, ts: message.ts };
    draftId = draftIdOf(message);
    approveValue = button(message, ACTION.approve).value;
    const click = (actionId: string, value: string) =>
      blockAction({ fake: h.fake, actionId, value, user: ALICE, channel: card.channel, messageTs: card.ts });
    bases.push(
      slackBase(
        'slash_command',
        slashCommand({ fake: h.fake, text: 'fuzzed question', user: ALICE, channel: CHANNEL }),
      ),
      slackBase('approve_click', click(ACTION.approve, approveValue)),
      slackBase('discard_click', click(ACTION.discard, button(message, ACTION.discard).value)),
      slackBase(
        'edit_submission',
        viewSubmission({
          callbackId: VIEW.edit,
          privateMetadata: `${draftId}:1`,
          user: ALICE,
          values: { [BLOCK.editText]: { [INPUT.editText]: 'A fuzzed edit that must never land.' } },
        }),
      ),
      slackBase(
        'app_mention',
        appMention({
          user: ALICE,
          channel: CHANNEL,
          text: '<@U0BOT> fuzzed mention',
          ts: '1700000000.000200',
        }),
      ),
      slackBase(
        'message_shortcut',
        messageShortcut({
          fake: h.fake,
          user: ALICE,
          channel: CHANNEL,
          message: { ts: '1700000000.000300', text: 'a post to answer' },
        }),
      ),
    );
  });

  afterAll(async () => {
    client?.close();
    redis?.disconnect();
    await h?.close();
  });

  it(`refuses ${TOTAL} mutated requests (401, 400 for invalid JSON, 413 oversized) with no state change`, async () => {
    const seed = fuzzSeed();
    await withSeed(seed, async () => {
      const prefix = h.app.config.redis.prefix;
      const stateBefore = await snapshotRedis(redis, prefix);
      const draftBefore = await h.app.gate.get(draftId);
      const callsBefore = h.fake.calls.length;
      const responsesBefore = h.fake.responses.length;
      const agentBefore = agent.requests.length;
      expect(draftBefore?.state).toBe('pending');

      const scheme = slackScheme(SIGNING_SECRET, systemClock);
      const challenge = {
        type: 'url_verification',
        token: 'legacy-verification-token',
        challenge: 'fuzz-control',
      };
      const report = await runFuzz({
        client,
        seed,
        mutator: new Mutator({ scheme, oversizedWeight: 1 }),
        bases,
        total: TOTAL,
        concurrency: CONCURRENCY,
        // A valid url_verification changes nothing; it shows that valid requests still pass during the run.
        control: {
          every: 500,
          request: (): RawRequest =>
            signedRequest(scheme, {
              kind: 'control',
              contentType: 'application/json',
              format: 'json',
              body: JSON.stringify(challenge),
            }),
          ok: (outcome) =>
            outcome.kind === 'response' && outcome.status === 200 && outcome.body.includes('fuzz-control'),
        },
      });
      await h.slack.idle();
      console.log(summarize('Slack', seed, report));

      expect(report.failures.slice(0, 10)).toEqual([]);
      expect(report.failures).toHaveLength(0);
      expect(report.sent).toBe(TOTAL);
      expect(report.accepted).toBe(0);
      for (const family of FAMILIES) expect(report.byFamily[family] ?? 0, family).toBeGreaterThan(0);
      for (const base of bases) expect(report.byKind[base.kind] ?? 0, base.kind).toBeGreaterThan(0);
      expect(report.controls.sent).toBeGreaterThanOrEqual(Math.floor(TOTAL / 500) - 1);
      expect(report.controls.ok).toBe(report.controls.sent);

      // Nothing changed: every key under the prefix (drafts, indexes, claims, audit stream and head) is the same,
      // and nobody called Slack (no post, update, modal or DM) or the agent.
      expect(changedKeys(stateBefore, await snapshotRedis(redis, prefix))).toEqual([]);
      expect(h.fake.calls.slice(callsBefore).map((call) => call.method)).toEqual([]);
      expect(h.fake.responses.length - responsesBefore).toBe(0);
      expect(agent.requests.length - agentBefore).toBe(0);
      expect(await h.app.gate.get(draftId)).toEqual(draftBefore as Draft);
    });
  }, 120_000);

  it('would notice an accepted request: the unmutated Approve click publishes once and changes the state', async () => {
    const prefix = h.app.config.redis.prefix;
    const before = await snapshotRedis(redis, prefix);
    const reply = await h.sender.send(
      blockAction({
        fake: h.fake,
        actionId: ACTION.approve,
        value: approveValue,
        user: ALICE,
        channel: card.channel,
        messageTs: card.ts,
      }),
    );
    expect(reply.status).toBe(200);
    await h.slack.idle();
    expect(h.fake.publicPosts()).toHaveLength(1);
    expect((await auditOf(h, draftId)).filter((e) => e.type === 'published')).toHaveLength(1);
    expect(changedKeys(before, await snapshotRedis(redis, prefix)).length).toBeGreaterThan(0);
  });
});

function urlOf(h: SlackHarness): string {
  const address = h.app.http.server.address();
  if (address === null || typeof address === 'string') throw new Error('the app is not listening');
  return `http://127.0.0.1:${address.port}`;
}
