/**
 * The intake API end to end over HTTP: an external agent submits, the requester reviews, and only the human's
 * approval publishes. The agent's token reaches nothing that publishes.
 */
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const TOKEN = 'intake-token-triage-0123456789abcdef';
const OTHER = 'intake-token-other-0123456789abcdef';
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

describe('intake API', () => {
  let app: App;
  let base = '';
  beforeAll(async () => {
    const config = configSchema.parse({
      redis: { url: testRedisUrl(), prefix: uniquePrefix('intake') },
      server: { port: 0 },
      intake: {
        agents: [
          { name: 'triage', token_sha256: sha(TOKEN) },
          { name: 'other', token_sha256: sha(OTHER) },
        ],
        rate_limit: { points: 20, duration: '1m' },
        body_limit: 4096,
      },
      log: { level: 'silent' },
    });
    app = await createApp({ config, env: {}, logger: pino({ level: 'silent' }), manualSweep: true });
    base = (await app.start()).url;
  });
  afterAll(async () => {
    await app.stop();
  });

  const submit = (body: unknown, token = TOKEN) =>
    fetch(`${base}/v1/drafts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const valid = {
    platform: 'sandbox',
    workspace: 'sandbox',
    channel: 'eng-help',
    requester: 'alice',
    question: 'Why does the nightly export time out?',
    text: 'Run ANALYZE on the export tables; the statistics were reset by the upgrade.',
  };

  it('refuses unknown tokens (401), bad bodies (400 with field errors) and oversized bodies (413)', async () => {
    expect((await submit(valid, 'nope')).status).toBe(401);
    expect((await fetch(`${base}/v1/drafts`, { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await submit({ ...valid, platform: 'irc', text: '' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { fields: Record<string, string> };
    expect(Object.keys(body.fields).sort()).toEqual(['platform', 'text']);
    expect((await submit('{not json')).status).toBe(400);
    expect((await submit({ ...valid, text: 'x'.repeat(5000) })).status).toBe(413);
  });

  it('a submitted draft reaches the requester’s review and is published only after the human approves', async () => {
    const response = await submit(valid);
    expect(response.status).toBe(202);
    const { id, state, version } = (await response.json()) as { id: string; state: string; version: number };
    expect(state).toBe('pending');
    const draft = await app.gate.get(id);
    expect(draft?.reviews.map((r) => r.user)).toEqual(['alice']);
    expect(draft?.source).toBe('intake');

    // Nothing the agent's token can call publishes.
    for (const [method, path] of [
      ['POST', `/v1/drafts/${id}/approve`],
      ['POST', `/v1/drafts/${id}/publish`],
      ['PUT', `/v1/drafts/${id}`],
      ['POST', `/v1/drafts/${id}`],
    ] as const) {
      const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}` } });
      expect([404, 405], `${method} ${path}`).toContain(r.status);
    }
    expect((await app.gate.get(id))?.state).toBe('pending');
    const types = (await app.stores.audit.range({ draftId: id })).map((e) => e.type);
    expect(types).toEqual(['requested', 'drafted']);
    expect((await app.stores.audit.range({ draftId: id }))[0]?.actor).toBe('agent:triage');

    const approved = await app.gate.approve({
      draftId: id,
      version,
      actor: { id: 'alice', platform: 'sandbox', workspace: 'sandbox' },
      confirmed: false,
    });
    expect(approved.ok).toBe(true);
    const read = await fetch(`${base}/v1/drafts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(((await read.json()) as { state: string }).state).toBe('published');
  });

  it('a draft is visible only to the agent that submitted it', async () => {
    const { id } = (await (await submit(valid)).json()) as { id: string };
    expect(
      (await fetch(`${base}/v1/drafts/${id}`, { headers: { authorization: `Bearer ${OTHER}` } })).status,
    ).toBe(404);
    expect(
      (await fetch(`${base}/v1/drafts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
  });

  it('GET /v1/drafts?state=pending lists the agent’s own drafts waiting for a person, and nothing else', async () => {
    const list = async (token: string, query = '?state=pending') => {
      const response = await fetch(`${base}/v1/drafts${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const ids = (body: Record<string, unknown>) => (body.drafts as { id: string }[]).map((d) => d.id);
    const first = (await (await submit({ ...valid, question: 'first' }, OTHER)).json()) as { id: string };
    const second = (await (await submit({ ...valid, question: 'second' }, OTHER)).json()) as {
      id: string;
      version: number;
    };
    const mine = await list(OTHER);
    expect(mine.status).toBe(200);
    expect(ids(mine.body).sort()).toEqual([first.id, second.id].sort());
    expect(mine.body.truncated).toBe(false);
    expect((mine.body.drafts as { state: string }[]).map((d) => d.state)).toEqual(['pending', 'pending']);
    // Another agent's token never sees them.
    const theirs = await list(TOKEN);
    expect(ids(theirs.body)).not.toContain(first.id);
    expect(ids(theirs.body)).not.toContain(second.id);
    // A discarded draft waits for nobody any more.
    const alice = { id: 'alice', platform: 'sandbox' as const, workspace: 'sandbox' };
    expect((await app.gate.discard({ draftId: second.id, version: second.version, actor: alice })).ok).toBe(
      true,
    );
    expect(ids((await list(OTHER)).body)).toEqual([first.id]);
    expect((await list(OTHER, '?state=published')).status).toBe(400);
    expect((await list('nope')).status).toBe(401);
  });

  it('regenerate: the agent sees the feedback and submits a new version that goes through review again', async () => {
    const { id, version } = (await (await submit(valid)).json()) as { id: string; version: number };
    const alice = { id: 'alice', platform: 'sandbox' as const, workspace: 'sandbox' };
    const asked = await app.gate.regenerate({
      draftId: id,
      version,
      actor: alice,
      feedback: 'shorter please',
    });
    expect(asked.ok && asked.draft.state).toBe('drafting');
    const seen = (await (
      await fetch(`${base}/v1/drafts/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as { state: string; feedback: string };
    expect(seen).toMatchObject({ state: 'drafting', feedback: 'shorter please' });
    const next = await fetch(`${base}/v1/drafts/${id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Run ANALYZE.' }),
    });
    expect(next.status).toBe(202);
    expect(await next.json()).toMatchObject({ state: 'pending', version: version + 1 });
    const types = (await app.stores.audit.range({ draftId: id })).map((e) => e.type);
    expect(types).toEqual(['requested', 'drafted', 'regenerated', 'regenerated']);
  });

  it('answers 429 with Retry-After once the agent’s rate limit is used up', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 30; i++) {
      last = await fetch(`${base}/v1/drafts/0000000000`, { headers: { authorization: `Bearer ${OTHER}` } });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
