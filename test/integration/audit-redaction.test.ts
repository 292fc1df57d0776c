/**
 * No secret enters the audit log or the logs: a flow carries a fresh credential in the question, the agent's text,
 * an edit and the regenerate feedback; afterwards every Redis key is scanned, and only the draft's own hash (which
 * expires with redis.keep_finished_drafts) holds it.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import type { Stores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { FakeChat } from '../support/fake-chat.js';
import { freshGithubToken, freshSlackBotToken } from '../support/fresh-secrets.js';
import { alice, target } from '../support/gate-fixture.js';
import { RecordingAgent } from '../support/recording-agent.js';
import { connectTestRedis } from '../support/redis.js';
import { testStores } from '../support/stores.js';

const KEEP_FINISHED_MS = 3_600_000;
const RETRACT_WINDOW_MS = 15 * 60_000;

/** Every value of every key under the prefix, as text, by key. */
async function dumpKeys(prefix: string): Promise<Map<string, string>> {
  const redis = connectTestRedis();
  try {
    const out = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        let value: unknown;
        if (type === 'string') value = await redis.get(key);
        else if (type === 'hash') value = await redis.hgetall(key);
        else if (type === 'stream') value = await redis.xrange(key, '-', '+');
        else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
        else if (type === 'set') value = await redis.smembers(key);
        else if (type === 'list') value = await redis.lrange(key, 0, -1);
        else value = `unknown type ${type}`;
        out.set(key, JSON.stringify(value));
      }
    } while (cursor !== '0');
    return out;
  } finally {
    redis.disconnect();
  }
}

describe('secrets stay out of the audit log, the other keys and the logs', () => {
  let stores: (Stores & { prefix: string }) | undefined;
  afterEach(async () => {
    await stores?.drafts.close();
  });

  it('a secret in the question, the text, an edit and the feedback reaches only the draft hash', async () => {
    const inQuestion = freshGithubToken();
    const inText = freshSlackBotToken();
    const inEdit = freshGithubToken();
    const inFeedback = freshSlackBotToken();
    const inRegenerated = freshGithubToken();
    const secrets = [inQuestion, inText, inEdit, inFeedback, inRegenerated];

    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const clock = new ManualClock();
    stores = await testStores('redis', clock, KEEP_FINISHED_MS);
    const chat = new FakeChat();
    let calls = 0;
    const agent = new RecordingAgent(() => {
      calls++;
      return calls === 1
        ? { ok: true, text: `Use this token: ${inText} to call the API.` }
        : { ok: true, text: `Regenerated, still with ${inRegenerated} in it.` };
    });
    const gate = new Gate({
      store: stores.drafts,
      audit: stores.audit,
      policy: new Policy(policySchema.parse({ retract_window: RETRACT_WINDOW_MS })),
      agent,
      risk: createRiskReviewer(riskSchema.parse({})),
      logger: pino({ level: 'trace' }, sink),
      clock,
      keepFinishedMs: KEEP_FINISHED_MS,
      agentTimeoutMs: 5_000,
    });
    gate.attach(chat);

    const requested = await gate.request({
      target,
      requester: alice,
      question: `Why does ${inQuestion} fail with 401?`,
      source: 'slash',
    });
    if (!requested.ok) throw new Error(requested.message);
    const id = requested.draft.id;
    const edited = await gate.edit({ draftId: id, version: 1, actor: alice, text: `Rotate ${inEdit} now.` });
    expect(edited.ok).toBe(true);
    const regenerated = await gate.regenerate({
      draftId: id,
      version: 2,
      actor: alice,
      feedback: `Do not paste ${inFeedback} into the reply`,
    });
    expect(regenerated.ok).toBe(true);
    const clean = await gate.edit({
      draftId: id,
      version: 3,
      actor: alice,
      text: 'Rotate the token and retry.',
    });
    expect(clean.ok).toBe(true);
    const approved = await gate.approve({ draftId: id, version: 4, actor: alice, confirmed: true });
    expect(approved).toMatchObject({ ok: true, draft: { state: 'published' } });
    // A refusal carries free text too: an approval that is stale, then a denied one.
    await gate.approve({ draftId: id, version: 1, actor: alice, confirmed: true });

    const keys = await dumpKeys(stores.prefix);
    const types = [...(await stores.audit.range({ draftId: id }))].map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['requested', 'drafted', 'edited', 'regenerated', 'approved', 'published']),
    );
    const holders = [...keys].filter(([, value]) => secrets.some((s) => value.includes(s))).map(([k]) => k);
    const draftKey = holders.find((key) => key.endsWith(id));
    expect(draftKey, 'the draft hash holds its own texts').toBeDefined();
    expect(holders).toEqual([draftKey]);
    // The audit log saw the redacted forms.
    const audit = [...keys].find(([key]) => key.endsWith(':audit'))?.[1] ?? '';
    expect(audit).toContain('[REDACTED:secret.');
    for (const secret of secrets) expect(audit).not.toContain(secret.slice(4, 20));

    // The draft hash goes away with keep_finished_drafts (after the retract window of a published draft).
    const redis = connectTestRedis();
    try {
      const ttl = await redis.pttl(draftKey ?? '');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(RETRACT_WINDOW_MS + KEEP_FINISHED_MS);
    } finally {
      redis.disconnect();
    }
    // The Gate logs little on a good path; the e2e intake test checks a whole process's output.
    const logs = lines.join('');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });
});
