/**
 * Drafting after the ack runs through a bounded queue (agent.concurrency, agent.queue): a full queue refuses the
 * request at once with a clear "busy" result, records nothing and drafts nothing; waiting requests are drafted
 * in turn.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alice, auditTypes, bob, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { RecordingAgent } from '../support/recording-agent.js';

describe.each(['redis', 'memory'] as const)('the drafting queue on %s', (kind) => {
  let f: GateFixture | undefined;
  afterEach(async () => {
    await f?.close();
  });

  it('refuses a request beyond concurrency + queue as busy, recording and drafting nothing', async () => {
    const agent = new RecordingAgent((r) => ({
      ok: true,
      text: `About ${r.question}: check the runbook.`,
    })).hold();
    f = await gateFixture(kind, { agent, drafting: { concurrency: 1, maxQueued: 1 } });
    const first = f.gate.request({ target, requester: alice, question: 'first', source: 'slash' });
    const second = f.gate.request({ target, requester: bob, question: 'second', source: 'slash' });
    await agent.asked(1);
    const third = await f.gate.request({
      target,
      requester: { ...alice, id: 'U_CAROL' },
      question: 'third',
      source: 'slash',
    });
    expect(third).toMatchObject({ ok: false, code: 'unavailable' });
    expect(third.ok ? '' : third.message).toMatch(/busy.*Nothing was drafted/);
    // Only one draft is being written: the second waits for the slot.
    expect(agent.requests.map((r) => r.question)).toEqual(['first']);
    agent.release();
    await agent.asked(2);
    agent.releaseAll();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: true, draft: { state: 'pending' } });
    expect(b).toMatchObject({ ok: true, draft: { state: 'pending' } });
    expect(agent.requests.map((r) => r.question)).toEqual(['first', 'second']);
    // The refused request left no trace in the store or the audit log.
    const types = await auditTypes(f.stores);
    expect(types.filter((t) => t === 'requested')).toHaveLength(2);
    expect(f.chat.cards.map((c) => c.card.draft.question).sort()).toEqual(['first', 'second']);
  });
});
