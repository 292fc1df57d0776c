/**
 * What every part of the Gate shares: its dependencies (resolved, with defaults), the connected platforms, and the
 * shutdown signal. One small object, passed to each module's functions; no module keeps state of its own.
 */
import { randomBytes } from 'node:crypto';
import { ChannelNames } from '../channel-names.js';
import type { Draft } from '../draft.js';
import type { Policy } from '../policy.js';
import type {
  Agent,
  AuditLog,
  ChatPlatform,
  Clock,
  DraftStore,
  GateObserver,
  GateStep,
  Logger,
  RequestLimiter,
  RiskReviewer,
} from '../ports.js';
import { systemClock } from '../ports.js';
import type { SecretScan } from '../redact-detail.js';
import type { WorkQueueOptions } from '../work-queue.js';

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
  /** Drafting after the ack: how many run at once in this process, and how many may wait (default 16 and 500). */
  drafting?: WorkQueueOptions;
  /** How long a publish_unknown draft waits before reconciliation looks for its message (ms; default: policy). */
  reconcileGraceMs?: number;
  newId?: () => string;
}

export type ResolvedGateDeps = Required<Pick<GateDeps, 'clock' | 'reconcileGraceMs' | 'newId' | 'drafting'>> &
  GateDeps;

/** Enough for a team's bursts with a slow agent; beyond it a request is refused as busy, not left to wait. */
export const DEFAULT_DRAFTING: WorkQueueOptions = { concurrency: 16, maxQueued: 500 };

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
  /** Channel names for policy name rules, looked up on the platform when a request carries none. */
  readonly channelNames: ChannelNames;
  /** The risk review's secret rules: every free text in an audit detail is redacted with them. */
  readonly secrets: SecretScan;
}

export function resolveDeps(deps: GateDeps): ResolvedGateDeps {
  return {
    clock: systemClock,
    reconcileGraceMs: deps.policy.reconcileGraceMs,
    newId: () => randomBytes(10).toString('hex'),
    drafting: DEFAULT_DRAFTING,
    ...deps,
  };
}

/** The context of one Gate: its dependencies with defaults, no platform yet, a name cache, the secret scan. */
export function createGateContext(deps: GateDeps, shutdown: AbortSignal): GateContext {
  const resolved = resolveDeps(deps);
  const platforms = new Map<string, ChatPlatform>();
  const channelNames = new ChannelNames(
    (platform) => {
      const chat = platforms.get(platform);
      if (!chat?.channelName) return undefined;
      return (workspace, channel) => chat.channelName?.(workspace, channel) ?? Promise.resolve(undefined);
    },
    resolved.clock,
    (error, target) =>
      resolved.logger.warn(
        { err: error, platform: target.platform, channel: target.channel },
        "could not look up a channel's name; policy name rules refuse requests there until it can",
      ),
  );
  return { deps: resolved, platforms, shutdown, channelNames, secrets: secretScan(deps) };
}

/** The scan that redacts audit details: the reviewer's secret rules alone when it has them. */
export function secretScan(deps: GateDeps): SecretScan {
  const risk = deps.risk;
  return (text) => (risk.secrets ? risk.secrets(text) : risk.review(text));
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

/** Runs one step of a draft's flow through the observer's `step` hook (a tracing span), or directly without one. */
export function traced<T>(
  ctx: GateContext,
  step: GateStep,
  draftId: string,
  run: () => Promise<T>,
  detail?: Readonly<Record<string, string>>,
): Promise<T> {
  const observer = ctx.deps.observer;
  return observer?.step ? observer.step(step, draftId, run, detail) : run();
}
