/**
 * Fuzzing `POST /discord/interactions` (HTTP interactions mode, ed25519 with a test key pair): at least 10,000
 * mutated interactions (bit flips in body, signature and timestamp; ±301 s of skew under a recomputed signature;
 * missing, duplicated, swapped, misnamed and reordered headers; re-serialised JSON under the original signature;
 * oversized bodies; invalid JSON under a valid signature) against the whole app (createApp, discord.js's REST client,
 * real Redis, the fake Discord API). None is accepted and none changes anything: Redis is the same key for key, and
 * the fake Discord API and the agent receive no call. `FUZZ_SEED=<seed>` replays a run's mutations;
 * `FUZZ_REQUESTS=<n>` sends more than 10,000.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '../../src/core/draft.js';
import { systemClock } from '../../src/core/ports.js';
import { buttonId, type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import {
  APP_ID,
  buttonClick,
  CHANNEL_ID,
  messageCommand,
  modalSubmit,
  slashCommand,
  snowflake,
  type TestUser,
} from '../support/discord-payloads.js';
import { RawClient } from '../support/fuzz/http.js';
import { type BaseRequest, FAMILIES, Mutator, signedRequest } from '../support/fuzz/mutate-request.js';
import { fuzzSeed, withSeed } from '../support/fuzz/random.js';
import { runFuzz, summarize } from '../support/fuzz/run.js';
import { discordBase, discordScheme } from '../support/fuzz/schemes.js';
import { changedKeys, snapshotRedis } from '../support/fuzz/state.js';
import { connectTestRedis } from '../support/redis.js';

const alice: TestUser = { id: '600000000000000001', username: 'alice' };
const bob: TestUser = { id: '600000000000000003', username: 'bob' };
const TOTAL = Math.max(10_000, Number(process.env.FUZZ_REQUESTS ?? 0));
const CONCURRENCY = 24;

const targetPosts = (h: DiscordHarness) =>
  h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));

describe('Discord fuzzing: mutated interactions are never accepted and change nothing', () => {
  let h: DiscordHarness;
  let client: RawClient;
  let redis: Redis;
  let draftId = '';
  let approve = '';
  let cardRef: { id: string; channel_id: string; components: unknown[] };
  const bases: BaseRequest[] = [];

  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'http' });
    client = new RawClient(h.endpoint, CONCURRENCY);
    redis = connectTestRedis();
    // A real pending draft: an accepted Approve would publish, an accepted modal submission would edit it.
    const asked = await h.post(slashCommand(alice, 'How do I rotate the staging TLS cert?'));
    expect(asked.status).toBe(200);
    const dm = h.fake.dmChannelOf(alice.id);
    const card = await h.fake.waitFor(
      () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm}/messages$`))[0],
      5_000,
      'the review card',
    );
    approve = buttonId(card.body, 'approve');
    draftId = approve.split(':')[2] ?? '';
    const message = h.fake.messages.get(dm)?.at(-1);
    if (!message) throw new Error('no card message in the DM channel');
    cardRef = { id: message.id, channel_id: dm, components: message.components };
    // Let the request's last calls (the ephemeral "check your DMs" edit) land before anything is measured.
    await h.fake.waitFor(
      () => h.fake.callsTo('PATCH', /\/messages\/@original$/).length > 0,
      5_000,
      'the request confirmation',
    );
    const original = h.fake.seedMessage(CHANNEL_ID, {
      content: 'Why does the deploy job fail with EACCES?',
      author: { id: bob.id, username: 'bob', discriminator: '0', global_name: 'bob', avatar: null },
    });
    bases.push(
      discordBase('ping', {
        id: snowflake(),
        application_id: APP_ID,
        type: 1,
        token: 'tok-ping',
        version: 1,
      }),
      discordBase('slash_command', slashCommand(alice, 'a fuzzed question')),
      discordBase(
        'context_menu',
        messageCommand(alice, { id: original.id, content: original.content, author: bob }),
      ),
      discordBase('approve_button', buttonClick(alice, cardRef, approve)),
      discordBase('discard_button', buttonClick(alice, cardRef, buttonId(card.body, 'discard'))),
      discordBase(
        'edit_modal_submit',
        modalSubmit(alice, dm, `draftgate:edit-modal:${draftId}:1`, {
          text: 'A fuzzed edit that must never land.',
        }),
      ),
    );
  });

  afterAll(async () => {
    client?.close();
    redis?.disconnect();
    await h?.close();
  });

  it(`refuses ${TOTAL} mutated interactions (401, 400 for invalid JSON, 413 oversized) with no state change`, async () => {
    const seed = fuzzSeed();
    await withSeed(seed, async () => {
      const prefix = h.app.config.redis.prefix;
      const stateBefore = await snapshotRedis(redis, prefix);
      const draftBefore = await h.app.gate.get(draftId);
      const callsBefore = h.fake.calls.length;
      const agentBefore = h.agentCalls.length;
      expect(draftBefore?.state).toBe('pending');

      const scheme = discordScheme(h.keys.privateKey, systemClock);
      const ping = { id: snowflake(), application_id: APP_ID, type: 1, token: 'tok-control', version: 1 };
      const report = await runFuzz({
        client,
        seed,
        mutator: new Mutator({ scheme, oversizedWeight: 3 }),
        bases,
        total: TOTAL,
        concurrency: CONCURRENCY,
        // A valid PING changes nothing; it shows that valid interactions still pass during the run.
        control: {
          every: 500,
          request: () =>
            signedRequest(scheme, {
              kind: 'control',
              contentType: 'application/json',
              format: 'json',
              body: JSON.stringify(ping),
            }),
          ok: (outcome) =>
            outcome.kind === 'response' && outcome.status === 200 && outcome.body === '{"type":1}',
        },
      });
      console.log(summarize('Discord', seed, report));

      expect(report.failures.slice(0, 10)).toEqual([]);
      expect(report.failures).toHaveLength(0);
      expect(report.sent).toBe(TOTAL);
      expect(report.accepted).toBe(0);
      for (const family of FAMILIES) expect(report.byFamily[family] ?? 0, family).toBeGreaterThan(0);
      for (const base of bases) expect(report.byKind[base.kind] ?? 0, base.kind).toBeGreaterThan(0);
      expect(report.controls.sent).toBeGreaterThanOrEqual(Math.floor(TOTAL / 500) - 1);
      expect(report.controls.ok).toBe(report.controls.sent);

      // Give any work that a request might have started after its answer the time to show, then compare.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(changedKeys(stateBefore, await snapshotRedis(redis, prefix))).toEqual([]);
      expect(h.fake.calls.slice(callsBefore).map((call) => `${call.method} ${call.path}`)).toEqual([]);
      expect(h.agentCalls.length - agentBefore).toBe(0);
      expect(await h.app.gate.get(draftId)).toEqual(draftBefore as Draft);
    });
  }, 120_000);

  it('would notice an accepted interaction: the unmutated Approve click publishes once and changes the state', async () => {
    const prefix = h.app.config.redis.prefix;
    const before = await snapshotRedis(redis, prefix);
    const res = await h.post(buttonClick(alice, cardRef, approve));
    expect(await res.json()).toEqual({ type: 6 });
    await h.fake.waitFor(() => targetPosts(h)[0], 5_000, 'the publish');
    const published = async () =>
      (await h.app.stores.audit.range({ draftId })).filter((e) => e.type === 'published').length;
    for (let i = 0; i < 100 && (await published()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await published()).toBe(1);
    expect(targetPosts(h)).toHaveLength(1);
    expect(changedKeys(before, await snapshotRedis(redis, prefix)).length).toBeGreaterThan(0);
  });
});
