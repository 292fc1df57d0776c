/**
 * The intake API against policy and secrets, over HTTP with the whole app (sandbox platform, Redis store, JSON
 * logs captured): a channel denied by name is refused (403 and a `denied` event) although the body carries no
 * name; an agent's own `channels` allow-list is enforced; and a flow with a fresh secret in the question, the
 * agent's text, an edit, the feedback and the agent's next version leaves it only in the draft's own hash, never
 * in another Redis key or a log line.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { createLogger } from '../../src/server/create-logger.js';
import { freshGithubToken, freshSlackBotToken } from '../support/fresh-secrets.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOKEN = 'intake-token-triage-0123456789abcdef';
const LISTED = 'intake-token-listed-0123456789abcdef';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const alice = { id: 'alice', platform: 'sandbox' as const, workspace: 'sandbox' };

interface Running {
  app: App;
  base: string;
  prefix: string;
  logs: string[];
}

async function start(policy: Record<string, unknown> = {}): Promise<Running> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const prefix = uniquePrefix('intake-sec');
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix },
    server: { port: 0, host: '127.0.0.1' },
    policy,
    intake: {
      agents: [
        { name: 'triage', token_sha256: sha(TOKEN) },
        { name: 'listed', token_sha256: sha(LISTED), channels: ['#ops-*'] },
      ],
    },
  });
  const logger = createLogger({ level: 'trace', pretty: false, destination });
  const app = await createApp({ config, env: {}, logger, manualSweep: true });
  return { app, base: (await app.start()).url, prefix, logs };
}

const post = (base: string, path: string, body: unknown, token = TOKEN) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const draftBody = (extra: Record<string, unknown> = {}) => ({
  platform: 'sandbox',
  workspace: 'sandbox',
  channel: 'eng-help',
  requester: 'alice',
  question: 'Why does the nightly export time out?',
  text: 'Run ANALYZE on the export tables.',
  ...extra,
});

describe('intake API: channels and secrets', () => {
  let running: Running | undefined;
  afterEach(async () => {
    await running?.app.stop();
    running = undefined;
  });

  async function denied(): Promise<string[]> {
    const entries = (await running?.app.stores.audit.range({})) ?? [];
    return entries.filter((e) => e.type === 'denied').map((e) => JSON.parse(e.detail).reason as string);
  }

  it('refuses a draft for a channel denied by name, with a denied event', async () => {
    running = await start({ denied_channels: ['#eng-*'] });
    const res = await post(running.base, '/v1/drafts', draftBody());
    expect(res.status).toBe(403);
    expect(await denied()).toEqual(['channel_denied']);
  });

  it("enforces the agent's own channel allow-list", async () => {
    running = await start();
    expect((await post(running.base, '/v1/drafts', draftBody(), LISTED)).status).toBe(403);
    expect((await post(running.base, '/v1/drafts', draftBody(), TOKEN)).status).toBe(202);
    expect(await denied()).toEqual(['agent_channel_not_allowed']);
  });

  it('a secret in every free text reaches only the draft hash: no other key, no log line', async () => {
    running = await start();
    const { app, base } = running;
    const secrets = {
      question: freshGithubToken(),
      text: freshSlackBotToken(),
      edit: freshGithubToken(),
      feedback: freshSlackBotToken(),
      version: freshGithubToken(),
    };
    const submitted = await post(
      base,
      '/v1/drafts',
      draftBody({ question: `Why is ${secrets.question} refused?`, text: `Use ${secrets.text} for now.` }),
    );
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const edited = await app.gate.edit({
      draftId: id,
      version: 1,
      actor: alice,
      text: `Rotate ${secrets.edit}.`,
    });
    expect(edited.ok).toBe(true);
    const regenerate = await app.gate.regenerate({
      draftId: id,
      version: 2,
      actor: alice,
      feedback: `never paste ${secrets.feedback} again`,
    });
    expect(regenerate.ok).toBe(true);
    const next = await post(base, `/v1/drafts/${id}/versions`, {
      text: `Fine: ${secrets.version} is the one.`,
    });
    expect(next.status).toBe(202);
    const clean = await app.gate.edit({
      draftId: id,
      version: 3,
      actor: alice,
      text: 'Rotate the token, then retry.',
    });
    expect(clean.ok).toBe(true);
    const approved = await app.gate.approve({ draftId: id, version: 4, actor: alice, confirmed: true });
    expect(approved).toMatchObject({ ok: true, draft: { state: 'published' } });

    const redis = connectTestRedis();
    try {
      const holders: string[] = [];
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `*${running.prefix}*`, 'COUNT', 500);
        cursor = nextCursor;
        for (const key of keys) {
          const type = await redis.type(key);
          const value =
            type === 'hash'
              ? await redis.hgetall(key)
              : type === 'stream'
                ? await redis.xrange(key, '-', '+')
                : type === 'zset'
                  ? await redis.zrange(key, '0', '-1', 'WITHSCORES')
                  : type === 'set'
                    ? await redis.smembers(key)
                    : type === 'list'
                      ? await redis.lrange(key, 0, -1)
                      : await redis.get(key);
          const text = JSON.stringify(value);
          if (Object.values(secrets).some((secret) => text.includes(secret))) holders.push(key);
        }
      } while (cursor !== '0');
      expect(holders).toHaveLength(1);
      expect(holders[0]?.endsWith(id)).toBe(true);
      expect(await redis.pttl(holders[0] ?? '')).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    const logs = running.logs.join('');
    expect(logs).toContain('"level"');
    for (const secret of Object.values(secrets)) expect(logs).not.toContain(secret);
  });
});
