import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callbackFor } from '../../src/callbacks/callback-events.js';
import { callbackTargets } from '../../src/callbacks/create-callbacks.js';
import { callbackSecretVariable, signCallback } from '../../src/callbacks/sign-callback.js';
import type { AuditEntry } from '../../src/core/audit-event.js';

const entry = (type: string, detail: Record<string, unknown> = {}): AuditEntry => ({
  id: '1733000000000-0',
  type,
  draft_id: 'd1',
  version: '2',
  actor: 'U0ALICE',
  platform: 'slack',
  workspace: 'T1',
  channel: 'C1',
  at: '2026-12-02T05:00:00.000Z',
  text_sha256: 'abc',
  detail: JSON.stringify(detail),
  hv: '2',
  prev_hash: '',
  hash: '',
});

describe('which audit events become callbacks', () => {
  it('published, discarded, expired and retracted do; the stream id is the delivery id; no actor is sent', () => {
    for (const type of ['published', 'discarded', 'expired', 'retracted']) {
      const body = callbackFor(entry(type), 'helper');
      expect(body).toEqual({
        delivery_id: '1733000000000-0',
        type,
        draft_id: 'd1',
        agent: 'helper',
        version: 2,
        at: '2026-12-02T05:00:00.000Z',
        text_sha256: 'abc',
      });
    }
  });

  it('a regenerate request carries the feedback; other events do not become callbacks', () => {
    expect(
      callbackFor(entry('regenerated', { phase: 'requested', feedback: 'shorter' }), 'a')?.feedback,
    ).toBe('shorter');
    expect(callbackFor(entry('regenerated', { phase: 'drafted' }), 'a')).toBeUndefined();
    for (const type of ['requested', 'drafted', 'edited', 'approved', 'denied', 'stale_click'])
      expect(callbackFor(entry(type), 'a')).toBeUndefined();
  });
});

describe('callback signing and secrets', () => {
  it('signs v0:<timestamp>:<body> with HMAC-SHA256, like Slack', () => {
    const expected = createHmac('sha256', 's3cret').update('v0:1700000000:{"a":1}').digest('hex');
    expect(signCallback('s3cret', 1700000000, '{"a":1}')).toBe(`v0=${expected}`);
  });

  it('reads each agent secret from DRAFTGATE_CALLBACK_SECRET_<NAME> and refuses to start without it', () => {
    expect(callbackSecretVariable('helper-bot')).toBe('DRAFTGATE_CALLBACK_SECRET_HELPER_BOT');
    const agents = [{ name: 'helper-bot', callback_url: 'https://agent.example/hook' }, { name: 'quiet' }];
    expect(() => callbackTargets(agents, {})).toThrow(/set DRAFTGATE_CALLBACK_SECRET_HELPER_BOT/);
    const targets = callbackTargets(agents, { DRAFTGATE_CALLBACK_SECRET_HELPER_BOT: 'x'.repeat(32) });
    expect([...targets.keys()]).toEqual(['helper-bot']);
  });
});
