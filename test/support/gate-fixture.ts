/** A Gate over a real store (Redis or memory), with a recording ChatPlatform and a scripted agent. */
import { pino } from 'pino';
import { policySchema, riskSchema } from '../../src/config/schema.js';
import type { Actor } from '../../src/core/draft.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import type { Agent, GateObserver, RequestLimiter } from '../../src/core/ports.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import type { WorkQueueOptions } from '../../src/core/work-queue.js';
import type { Stores } from '../../src/store/create-store.js';
import { ManualClock } from './clock.js';
import { FakeChat } from './fake-chat.js';
import { answers } from './recording-agent.js';
import { testStores } from './stores.js';

export interface GateFixture {
  gate: Gate;
  chat: FakeChat;
  clock: ManualClock;
  stores: Stores & { prefix: string };
  agent: Agent;
  close(): Promise<void>;
}

export const alice: Actor = { id: 'U_ALICE', platform: 'slack', workspace: 'T1', name: 'alice' };
export const bob: Actor = { id: 'U_BOB', platform: 'slack', workspace: 'T1', name: 'bob' };
export const target = {
  platform: 'slack' as const,
  workspace: 'T1',
  channel: 'C_HELP',
  channelName: 'eng-help',
  thread: '1700000000.000100',
};

export async function gateFixture(
  kind: 'redis' | 'memory',
  options: {
    policy?: unknown;
    agent?: Agent;
    stores?: Stores & { prefix: string };
    clock?: ManualClock;
    requestLimiter?: RequestLimiter;
    observer?: GateObserver;
    drafting?: WorkQueueOptions;
  } = {},
): Promise<GateFixture> {
  const clock = options.clock ?? new ManualClock();
  const stores = options.stores ?? (await testStores(kind, clock));
  const chat = new FakeChat();
  const agent = options.agent ?? answers('Check the pod logs with `kubectl logs deploy/api`.');
  const gate = new Gate({
    store: stores.drafts,
    audit: stores.audit,
    policy: new Policy(policySchema.parse(options.policy ?? {})),
    agent,
    risk: createRiskReviewer(riskSchema.parse({})),
    logger: pino({ level: 'silent' }),
    clock,
    keepFinishedMs: 3_600_000,
    agentTimeoutMs: 5_000,
    reconcileGraceMs: 1_000,
    ...(options.requestLimiter ? { requestLimiter: options.requestLimiter } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.drafting ? { drafting: options.drafting } : {}),
  });
  gate.attach(chat);
  return { gate, chat, clock, stores, agent, close: () => stores.drafts.close() };
}

export async function auditTypes(stores: Stores, draftId?: string): Promise<string[]> {
  return (await stores.audit.range(draftId ? { draftId } : {})).map((e) => e.type);
}
