/**
 * The state machine table (src/core/transitions.ts): every action from every state, allowed or refused, both as
 * the table says and as each store enforces it (the Gate's store transitions are built from the table).
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/schema.js';
import type { Draft, DraftState } from '../../src/core/draft.js';
import { DRAFT_STATES } from '../../src/core/draft.js';
import type { GateContext } from '../../src/core/gate/context.js';
import { createGateContext } from '../../src/core/gate/context.js';
import { specFor } from '../../src/core/gate/recorder.js';
import { Policy } from '../../src/core/policy.js';
import type { Action } from '../../src/core/transitions.js';
import { ACTIONS, FINAL_STATES, nextState, TRANSITIONS } from '../../src/core/transitions.js';
import type { Stores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { draft } from '../support/drafts.js';
import { testStores } from '../support/stores.js';

/** The expected machine, written out by hand: action → { from state: to state }. */
const EXPECTED: Record<Action, Partial<Record<DraftState | 'none', DraftState>>> = {
  request: { none: 'drafting' },
  deliver_draft: { drafting: 'pending' },
  deliver_regenerated: { drafting: 'pending' },
  agent_fail: { drafting: 'failed' },
  regenerate_fail: { drafting: 'pending' },
  discard_undeliverable: { pending: 'discarded' },
  approve: { pending: 'publishing', publish_failed: 'publishing' },
  approve_first: { pending: 'awaiting_second_approval', publish_failed: 'awaiting_second_approval' },
  approve_second: { awaiting_second_approval: 'publishing' },
  publish: { publishing: 'published', publish_unknown: 'published' },
  publish_unknown: { publishing: 'publish_unknown' },
  publish_fail: { publishing: 'publish_failed' },
  reconcile_missing: { publish_unknown: 'publish_failed' },
  edit: { pending: 'pending', awaiting_second_approval: 'pending', publish_failed: 'pending' },
  regenerate: { pending: 'drafting', awaiting_second_approval: 'drafting', publish_failed: 'drafting' },
  discard: { pending: 'discarded', awaiting_second_approval: 'discarded', publish_failed: 'discarded' },
  expire: {
    drafting: 'expired',
    pending: 'expired',
    awaiting_second_approval: 'expired',
    publish_failed: 'expired',
  },
  extend: { pending: 'pending' },
  extend_waiting: { awaiting_second_approval: 'awaiting_second_approval' },
  extend_failed: { publish_failed: 'publish_failed' },
  retract: { published: 'retracted' },
};

const clock = new ManualClock();

function draftIn(state: DraftState, id: string): Draft {
  const at = clock.now();
  return draft({
    id,
    state,
    version: 1,
    text: 'hello',
    originalText: 'hello',
    createdAt: at,
    updatedAt: at,
    expiresAt: at + 60_000,
  });
}

describe('the transition table', () => {
  it.each(ACTIONS)('%s: allowed exactly from the expected states, to the expected state', (action) => {
    for (const state of [undefined, ...DRAFT_STATES]) {
      expect(nextState(action, state), `${action} from ${state ?? 'nothing'}`).toBe(
        EXPECTED[action][state ?? 'none'],
      );
    }
  });

  it('has no action beyond the expected ones', () => {
    expect(ACTIONS.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('leaves no way out of retracted, discarded, expired or failed, and only retract out of published', () => {
    expect([...FINAL_STATES].sort()).toEqual(['discarded', 'expired', 'failed', 'retracted']);
    expect(ACTIONS.filter((a) => nextState(a, 'published') !== undefined)).toEqual(['retract']);
  });

  it('reaches published only through an approval and a publish: no timeout or sweep publishes', () => {
    const into = (state: DraftState) => ACTIONS.filter((a) => TRANSITIONS[a].to === state);
    expect(into('published')).toEqual(['publish']);
    expect(into('publishing').sort()).toEqual(['approve', 'approve_second']);
    for (const action of into('publishing')) expect(TRANSITIONS[action].event).toBe('approved');
  });

  it('clears every approval whenever the text changes or a publish fails', () => {
    for (const action of [
      'deliver_draft',
      'deliver_regenerated',
      'edit',
      'regenerate',
      'publish_fail',
    ] as const) {
      expect(TRANSITIONS[action].clears, action).toEqual(
        expect.arrayContaining(['approvedBy', 'confirmed', 'secondApprovedBy']),
      );
    }
  });
});

describe.each(['redis', 'memory'] as const)('the table as the %s store enforces it', (kind) => {
  let stores: Stores & { prefix: string };
  let ctx: GateContext;

  beforeAll(async () => {
    stores = await testStores(kind, clock);
    ctx = createGateContext(
      {
        store: stores.drafts,
        audit: stores.audit,
        policy: new Policy(policySchema.parse({})),
        agent: { name: 'demo', draft: async () => ({ ok: true, text: '' }) },
        risk: { review: async () => [] },
        logger: pino({ level: 'silent' }),
        clock,
        keepFinishedMs: 60_000,
        agentTimeoutMs: 1_000,
      },
      new AbortController().signal,
    );
  });
  afterAll(async () => {
    await stores.drafts.close();
  });

  it.each(ACTIONS.filter((a) => a !== 'request'))('%s from every state', async (action) => {
    for (const state of DRAFT_STATES) {
      const id = `${action}-${state}`;
      const created = await stores.drafts.transition({
        id,
        create: draftIn(state, id),
        event: {
          type: 'requested',
          draft_id: id,
          version: 1,
          actor: 'system',
          platform: 'slack',
          workspace: 'T1',
          channel: 'C1',
          at: new Date(clock.now()).toISOString(),
          text_sha256: '',
          detail: {},
        },
      });
      expect(created.ok).toBe(true);
      const at = {
        expiry: clock.now() + 1,
        warn: clock.now() + 1,
        lease: clock.now() + 1,
        retract: clock.now() + 1,
        unknown: clock.now(),
      };
      const spec = specFor(ctx, action, { draft: draftIn(state, id), actor: 'U1', detail: {}, at });
      const result = await stores.drafts.transition(spec);
      const expected = EXPECTED[action][state];
      expect(result.ok, `${action} from ${state}`).toBe(expected !== undefined);
      if (result.ok) {
        expect(result.draft.state).toBe(expected);
        const events = await stores.audit.range({ draftId: id });
        expect(events.map((e) => e.type)).toEqual(['requested', TRANSITIONS[action].event]);
      } else {
        expect(result.reason).toBe('state');
      }
    }
  });
});
