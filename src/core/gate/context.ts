/**
 * What every part of the Gate shares: its dependencies (resolved, with defaults), the connected platforms, and the
 * shutdown signal. One small object, passed to each module's functions; no module keeps state of its own.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Draft } from '../draft.js';
import type { Policy } from '../policy.js';
import type {
  Agent,
  AuditLog,
  ChatPlatform,
  Clock,
  DraftStore,
  GateObserver,
  RequestLimiter,
  RiskReviewer,
} from '../ports.js';
import { systemClock } from '../ports.js';

export interface GateDeps {
  store: DraftStore;
  audit: AuditLog;
  policy: Policy;
  agent: Agent;
  risk: RiskReviewer;
  logger: Logger;
  clock?: Clock;
  observer?: GateObserver;
  requestLimiter?: RequestLimiter;
  /** How long finished drafts stay readable (ms). */
  keepFinishedMs: number;
  agentTimeoutMs: number;
  /** How long a publish_unknown draft waits before reconciliation looks for its message (ms; default: policy). */
  reconcileGraceMs?: number;
  newId?: () => string;
}

export type ResolvedGateDeps = Required<Pick<GateDeps, 'clock' | 'reconcileGraceMs' | 'newId'>> & GateDeps;

/** The longest question or draft text the Gate keeps. */
export const MAX_TEXT = 40_000;
/** The longest regenerate feedback the Gate keeps. */
export const MAX_FEEDBACK = 2_000;

export interface GateContext {
  readonly deps: ResolvedGateDeps;
  /** The platforms' outbound halves, by platform name. */
  readonly platforms: Map<string, ChatPlatform>;
  /** Aborted by drain(): stops agent work in flight. */
  readonly shutdown: AbortSignal;
}

export function resolveDeps(deps: GateDeps): ResolvedGateDeps {
  return {
    clock: systemClock,
    reconcileGraceMs: deps.policy.reconcileGraceMs,
    newId: () => randomBytes(10).toString('hex'),
    ...deps,
  };
}

export function now(ctx: GateContext): number {
  return ctx.deps.clock.now();
}

/** The adapter for the draft's platform; throws (caught by the facade's guard) when it is not running. */
export function platformFor(ctx: GateContext, draft: Draft): ChatPlatform {
  const platform = ctx.platforms.get(draft.target.platform);
  if (!platform)
    throw new Error(
      `no adapter for platform "${draft.target.platform}" is running; configure its credentials`,
    );
  return platform;
}
