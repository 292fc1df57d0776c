/**
 * The sandbox's expiry reminder and refused publish, through its JSON API (as the page uses it), on real Redis: the
 * reminder arrives as a DM note with Extend, Extend works once and is refused the second time; a publish the
 * sandbox cannot make leaves the card in publish_failed with Retry and Discard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxAdapter } from '../../adapters/sandbox/index.js';
import type { CardView } from '../../adapters/sandbox/render-card.js';
import type { DmItem } from '../../adapters/sandbox/workspace.js';
import { type RunningSandbox, startSandboxApp } from '../support/browser.js';

async function call(base: string, path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function dm(base: string): Promise<DmItem[]> {
  const res = await fetch(`${base}/sandbox/api/state?inbox=alice`);
  return ((await res.json()) as { dm: DmItem[] }).dm;
}

async function messages(base: string): Promise<{ id: string; text: string; thread?: string }[]> {
  const res = await fetch(`${base}/sandbox/api/state?inbox=alice`);
  return ((await res.json()) as { messages: { id: string; text: string; thread?: string }[] }).messages;
}

describe('the sandbox: expiry reminder and publish_failed', () => {
  let sandbox: RunningSandbox;
  let base: string;

  beforeAll(async () => {
    sandbox = await startSandboxApp({
      policy: { draft_ttl: '60s', expiry_warning: '59s', max_extensions: 1 },
    });
    base = sandbox.url;
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the reminder is a DM note with Extend; Extend works once and is refused the second time', async () => {
    const question = (await messages(base)).find((m) => m.text.includes('feature flag'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'alice', message: question.id });
    const draftId = String(requested.body.draftId);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await sandbox.app.gate.sweep();
    const notes = (await dm(base)).filter((item) => item.kind === 'note' && item.extend?.draftId === draftId);
    expect(notes).toHaveLength(1);
    const note = notes[0];
    if (note?.kind !== 'note' || !note.extend) throw new Error('no reminder');
    expect(note.text).toMatch(/will then never be posted.*Extend/);

    const first = await call(base, '/sandbox/api/extend', { user: 'alice', ...note.extend });
    expect(first.status).toBe(200);
    expect(String(first.body.message)).toMatch(/^Extended/);
    const second = await call(base, '/sandbox/api/extend', { user: 'alice', ...note.extend });
    expect(second.status).toBeGreaterThanOrEqual(400);
    expect(String(second.body.message)).toMatch(/already extended once/);
  });

  it('a publish the sandbox cannot make: the card is publish_failed with Retry and Discard', async () => {
    const question = (await messages(base)).find((m) => m.text.includes('no space left'));
    if (!question) throw new Error('seeded post missing');
    const requested = await call(base, '/sandbox/api/request', { user: 'alice', message: question.id });
    const draftId = String(requested.body.draftId);
    const draft = await sandbox.app.gate.get(draftId);
    const sandboxAdapter = sandbox.app.adapters.find((a) => a.name === 'sandbox') as SandboxAdapter;
    // The thread it answers disappears before the approval: the sandbox cannot publish (a definite failure).
    sandboxAdapter.workspace.deleteMessage(draft?.target.thread ?? question.id);
    const approved = await call(base, '/sandbox/api/approve', {
      user: 'alice',
      draftId,
      version: draft?.version,
      confirmed: true,
    });
    expect(String(approved.body.message)).toMatch(/Publishing failed: .*Nothing was posted.*Retry/);
    const item = (await dm(base)).find((i) => i.kind === 'card' && i.card.draftId === draftId);
    const card = item?.kind === 'card' ? (item.card as CardView) : undefined;
    expect(card?.state).toBe('publish_failed');
    expect(card?.actions.retry).toBeDefined();
    expect(card?.actions.approve).toBeNull();
    expect(card?.actions.discard).toBe(true);
    expect(card?.notice).toMatch(/Nothing was posted/);
    const discarded = await call(base, '/sandbox/api/discard', {
      user: 'alice',
      draftId,
      version: card?.version,
    });
    expect(discarded.body).toMatchObject({ ok: true, state: 'discarded' });
  });
});
