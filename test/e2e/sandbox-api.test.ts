/**
 * The sandbox's HTTP surface without a browser: the page's headers, the JSON API's refusals, the composer's
 * commands, regenerate and retract, mention neutralization, the live event stream, and the "ack first" answer
 * when the agent is slow. draftgate runs as `npm start` would (createApp, sandbox mode) on the test Redis.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandboxAdapter, type SandboxAdapter } from '../../adapters/sandbox/index.js';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { createHttpServer, type HttpServer } from '../../src/server/http-server.js';
import { type RunningSandbox, startSandboxApp } from '../support/browser.js';
import { ManualClock } from '../support/clock.js';
import { RecordingAgent } from '../support/recording-agent.js';
import { testStores } from '../support/stores.js';

interface StateMessage {
  id: string;
  text: string;
  thread?: string;
  author: string;
  published?: { draftId: string; attribution: string; asked?: string };
}
interface DmItem {
  id: string;
  kind: 'card' | 'note';
  text?: string;
  card?: {
    draftId: string;
    version: number;
    state: string;
    text: string;
    actions: { retractUntil?: number };
  };
}
interface State {
  messages: StateMessage[];
  dm: DmItem[];
  /** The Gate's inbox for the DM's owner: ids of the drafts waiting for them. */
  pending: string[];
}

async function call(
  base: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function state(base: string, inbox = 'alice'): Promise<State> {
  return (await (await fetch(`${base}/sandbox/api/state?inbox=${inbox}`)).json()) as State;
}

describe('the sandbox HTTP API', () => {
  let sandbox: RunningSandbox;
  let base: string;

  beforeAll(async () => {
    sandbox = await startSandboxApp();
    base = sandbox.url;
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('serves the page with a strict Content-Security-Policy and its script and stylesheet', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/sandbox/static/app.js">');
    // Every stylesheet the page links and every module the scripts import is served, as the right type.
    const linked = [...html.matchAll(/href="(\/sandbox\/static\/[\w-]+\.css)"/g)].map((m) => m[1] ?? '');
    expect(linked.length).toBeGreaterThan(1);
    for (const path of linked)
      expect((await fetch(`${base}${path}`)).headers.get('content-type')).toContain('text/css');
    const seen = new Set<string>();
    const queue = ['app.js'];
    let sources = '';
    while (queue.length > 0) {
      const file = queue.shift() ?? '';
      if (seen.has(file)) continue;
      seen.add(file);
      const script = await fetch(`${base}/sandbox/static/${file}`);
      expect(script.status, file).toBe(200);
      expect(script.headers.get('content-type')).toContain('text/javascript');
      const text = await script.text();
      sources += text;
      for (const m of text.matchAll(/from '\.\/([\w-]+\.js)'/g)) queue.push(m[1] ?? '');
    }
    expect(seen.size).toBeGreaterThan(4);
    expect(sources).toContain('textContent');
    expect(sources).not.toContain('innerHTML');
  });

  it('refuses unknown users, bad bodies and non-JSON with a sentence that says what to do', async () => {
    const unknown = await call(base, '/sandbox/api/command', {
      user: 'mallory',
      channel: 'eng-help',
      text: 'hi',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/unknown sandbox user "mallory"; act as one of alice, bob, carol/);

    const invalid = await call(base, '/sandbox/api/approve', { user: 'alice', draftId: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toContain('version');

    const form = await fetch(`${base}/sandbox/api/request`, { method: 'POST', body: 'user=alice' });
    expect(form.status).toBe(415);

    const missing = await call(base, '/sandbox/api/approve', {
      user: 'alice',
      draftId: 'abcdef0123456789abcd',
      version: 1,
      confirmed: false,
    });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('runs the composer: a message, /draftgate help, a typo, and /draftgate <question>', async () => {
    const posted = await call(base, '/sandbox/api/command', {
      user: 'bob',
      channel: 'eng-help',
      text: 'Is the staging cluster down for anyone else?',
    });
    expect(posted.body).toMatchObject({ ok: true, kind: 'message' });
    const mine = (await state(base)).messages.find((m) => m.id === posted.body.message);
    expect(mine).toMatchObject({ author: 'bob', text: 'Is the staging cluster down for anyone else?' });

    const help = await call(base, '/sandbox/api/command', {
      user: 'bob',
      channel: 'eng-help',
      text: '/draftgate help',
    });
    expect(help.body).toMatchObject({ ok: true, kind: 'help' });
    expect(help.body.message).toContain('/draftgate <question>');

    const typo = await call(base, '/sandbox/api/command', {
      user: 'bob',
      channel: 'eng-help',
      text: '/draftgat hi',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toContain('try /draftgate <question>');

    const asked = await call(base, '/sandbox/api/command', {
      user: 'bob',
      channel: 'eng-help',
      text: '/draftgate how do I read the payments logs?',
    });
    expect(asked.body).toMatchObject({ ok: true, state: 'pending' });
    const bobs = await state(base, 'bob');
    const card = bobs.dm.find((item) => item.card?.draftId === asked.body.draftId);
    expect(card?.card?.state).toBe('pending');

    const approved = await call(base, '/sandbox/api/approve', {
      user: 'bob',
      draftId: asked.body.draftId,
      version: 1,
      confirmed: false,
    });
    expect(approved.body).toMatchObject({ ok: true, state: 'published' });
    // A slash command is not about a message: the reply is a new top-level post in the channel.
    const reply = (await state(base)).messages.find((m) => m.published?.draftId === asked.body.draftId);
    expect(reply).toBeDefined();
    expect(reply?.thread).toBeUndefined();
    // …so it carries its question.
    expect(reply?.published?.asked).toBe('Bob asked: how do I read the payments logs?');
  });

  it('regenerates with feedback, refuses the stale version, and retracts a published reply', async () => {
    const question = (await state(base)).messages.find((m) => m.text.includes('no space left on device'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'carol', message: question.id });
    expect(requested.body).toMatchObject({ ok: true, version: 1 });
    const draftId = requested.body.draftId;

    const regenerated = await call(base, '/sandbox/api/regenerate', {
      user: 'carol',
      draftId,
      version: 1,
      feedback: 'That deletes things by hand; give me something safer.',
    });
    expect(regenerated.body).toMatchObject({ ok: true, version: 2 });
    const card = (await state(base, 'carol')).dm.find((item) => item.card?.draftId === draftId)?.card;
    expect(card?.version).toBe(2);
    expect(card?.text).toContain('safer');

    const stale = await call(base, '/sandbox/api/approve', {
      user: 'carol',
      draftId,
      version: 1,
      confirmed: true,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale');

    const approved = await call(base, '/sandbox/api/approve', {
      user: 'carol',
      draftId,
      version: 2,
      confirmed: true,
    });
    expect(approved.body).toMatchObject({ ok: true, state: 'published' });
    expect((await state(base)).messages.some((m) => m.published?.draftId === draftId)).toBe(true);

    const bobRetracts = await call(base, '/sandbox/api/retract', { user: 'bob', draftId });
    expect(bobRetracts.status).toBe(403);
    expect((await state(base)).messages.some((m) => m.published?.draftId === draftId)).toBe(true);

    const retracted = await call(base, '/sandbox/api/retract', { user: 'carol', draftId });
    expect(retracted.body).toMatchObject({ ok: true, state: 'retracted' });
    expect((await state(base)).messages.some((m) => m.published?.draftId === draftId)).toBe(false);
  });

  it('lists the drafts waiting for the DM’s owner with the Gate’s inbox query, and drops a decided one', async () => {
    const question = (await state(base)).messages.find((m) => m.text.includes('no space left on device'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'bob', message: question.id });
    expect(requested.body).toMatchObject({ ok: true, version: 1 });
    const draftId = String(requested.body.draftId);
    expect((await state(base, 'bob')).pending).toContain(draftId);
    // Only the person it waits for: Alice's inbox does not list Bob's draft.
    expect((await state(base, 'alice')).pending).not.toContain(draftId);
    const discarded = await call(base, '/sandbox/api/discard', { user: 'bob', draftId, version: 1 });
    expect(discarded.body).toMatchObject({ ok: true, state: 'discarded' });
    expect((await state(base, 'bob')).pending).not.toContain(draftId);
    expect((await fetch(`${base}/sandbox/api/state`).then((r) => r.json())) as State).toMatchObject({
      pending: [],
    });
  });

  it('publishes edited text with its mentions neutralized', async () => {
    const question = (await state(base)).messages.find((m) => m.text.includes('feature flag'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'alice', message: question.id });
    const draftId = requested.body.draftId;
    const edited = await call(base, '/sandbox/api/edit', {
      user: 'alice',
      draftId,
      version: 1,
      text: 'Ask @bob, or @here if he is out.',
    });
    expect(edited.body).toMatchObject({ ok: true, version: 2 });
    const approved = await call(base, '/sandbox/api/approve', {
      user: 'alice',
      draftId,
      version: 2,
      confirmed: true,
    });
    expect(approved.body.ok).toBe(true);
    const reply = (await state(base)).messages.find((m) => m.published?.draftId === draftId);
    expect(reply?.text).toBe('Ask @\u2060bob, or @\u2060here if he is out.');
  });

  it('returns the recent audit entries, newest first, chained by hash', async () => {
    const res = await fetch(`${base}/sandbox/api/audit?limit=5`);
    const body = (await res.json()) as { entries: { id: string; type: string; hash: string }[] };
    expect(body.entries).toHaveLength(5);
    const ids = body.entries.map((e) => e.id);
    expect([...ids].sort((a, b) => compareStreamIds(b, a))).toEqual(ids);
    expect(body.entries[0]?.type).toBe('published');
    for (const entry of body.entries) expect(entry.hash).toMatch(/^[a-f0-9]{64}$/);
  });

  it('pushes a change event on the event stream when the workspace changes', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/sandbox/api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no event stream body');
    const decoder = new TextDecoder();
    let received = '';
    const first = await reader.read();
    received += decoder.decode(first.value);
    expect(received).toContain('retry:');

    const posted = await call(base, '/sandbox/api/command', {
      user: 'alice',
      channel: 'eng-help',
      text: 'ping',
    });
    while (!received.includes('event: change')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += decoder.decode(chunk.value);
    }
    controller.abort();
    expect(received).toContain(`"message":"${String(posted.body.message)}"`);
    expect(received).toContain('"scope":"channel"');
  });
});

function compareStreamIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

describe('the sandbox with a slow agent', () => {
  const logger = pino({ level: 'silent' });
  let answer = 'late answer';
  const agent = new RecordingAgent(() => ({ ok: true, text: answer })).hold();
  let stores: Awaited<ReturnType<typeof testStores>>;
  let adapter: SandboxAdapter;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    const clock = new ManualClock();
    stores = await testStores('redis', clock);
    const gate = new Gate({
      store: stores.drafts,
      audit: stores.audit,
      policy: new Policy(policySchema.parse({})),
      agent,
      risk: createRiskReviewer(riskSchema.parse({})),
      logger,
      clock,
      keepFinishedMs: 3_600_000,
      agentTimeoutMs: 60_000,
    });
    adapter = createSandboxAdapter({ gate, audit: stores.audit, logger, clock, ackMs: 50 });
    gate.attach(adapter.chat);
    server = createHttpServer(adapter.routes(), logger);
    base = (await server.listen(0, '127.0.0.1')).url;
  });

  afterAll(async () => {
    agent.releaseAll();
    await adapter?.stop();
    await server?.close();
    await stores?.redis?.quit();
  });

  it('answers 202 "in progress" at once, and the card arrives when the agent is done', async () => {
    const question = adapter.workspace.listMessages().find((m) => m.text.includes('feature flag'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'alice', message: question.id });
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({ ok: true, pending: true });
    await agent.asked(1);
    expect(adapter.workspace.listDm('alice')).toEqual([]);

    answer = 'Revert it from the flag console history.';
    agent.release();
    await expect
      .poll(() =>
        adapter.workspace.listDm('alice').map((item) => (item.kind === 'card' ? item.card.state : item.kind)),
      )
      .toEqual(['pending']);
  });
});
