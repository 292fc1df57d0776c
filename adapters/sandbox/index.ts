/**
 * The sandbox adapter: a local web chat for trying draftgate with no Slack or Discord workspace. It is a real
 * PlatformAdapter: requests and clicks go through the Gate, and the Gate's cards and publishes come back through
 * its ChatPlatform into an in-memory workspace that the page shows live.
 */
import type { Logger } from 'pino';
import { type AuditLog, type Clock, systemClock } from '../../src/core/ports.js';
import type { PlatformAdapter } from '../../src/server/platform-adapter.js';
import type { Route } from '../../src/server/route.js';
import { apiRoutes } from './api-routes.js';
import { SandboxChat } from './chat.js';
import { EventStreamHub } from './event-stream.js';
import type { SandboxGate } from './gate-port.js';
import { guardRoutes } from './request-guard.js';
import { DEFAULT_SEED, type SandboxSeed } from './seed.js';
import { staticRoutes } from './static-assets.js';
import { SandboxWorkspace } from './workspace.js';

export type { SandboxGate } from './gate-port.js';
export { DEFAULT_SEED, SANDBOX_WORKSPACE, type SandboxSeed, type SandboxUser } from './seed.js';
export { SandboxWorkspace } from './workspace.js';

export interface SandboxAdapterOptions {
  /** The Gate, or a function returning it (the Gate is built with this adapter's `chat`, so it may come later). */
  gate: SandboxGate | (() => SandboxGate);
  /** The audit log the timeline panel reads. Without it the panel says that it is not connected. */
  audit?: AuditLog;
  logger: Logger;
  clock?: Clock;
  seed?: SandboxSeed;
  /** How long an API call waits for the Gate before answering "in progress" (default 2500 ms). */
  ackMs?: number;
  /** Hosts besides loopback that the sandbox answers to (`sandbox.allowed_hosts`). */
  allowedHosts?: readonly string[];
}

export interface SandboxAdapter extends PlatformAdapter {
  readonly chat: SandboxChat;
  readonly workspace: SandboxWorkspace;
}

export function createSandboxAdapter(options: SandboxAdapterOptions): SandboxAdapter {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ adapter: 'sandbox' });
  const workspace = new SandboxWorkspace(options.seed ?? DEFAULT_SEED, clock);
  const chat = new SandboxChat(workspace);
  const events = new EventStreamHub();
  const unsubscribe = workspace.onChange((change) => events.publish(change));
  const source = options.gate;
  const gate = typeof source === 'function' ? source : () => source;
  // Audit stream ids are wall-clock times: the timeline shows this run's entries (with a minute of slack).
  const since = Date.now() - 60_000;
  const inFlight = new Set<Promise<unknown>>();
  const ackMs = options.ackMs ?? 2_500;
  const routes: Route[] = guardRoutes(
    [
      ...staticRoutes(),
      ...apiRoutes({ gate, audit: options.audit, workspace, events, clock, logger, since, ackMs, inFlight }),
    ],
    { allowedHosts: options.allowedHosts ?? [] },
  );
  return {
    name: 'sandbox',
    chat,
    workspace,
    routes: () => routes,
    async start() {
      logger.debug({ channel: workspace.channel.name }, 'sandbox workspace ready');
    },
    async stop() {
      events.close();
      await Promise.allSettled([...inFlight]);
      unsubscribe();
    },
  };
}
