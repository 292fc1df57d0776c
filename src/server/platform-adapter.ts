/**
 * A platform adapter: translates platform input into Gate calls (inbound) and renders Gate output (its ChatPlatform).
 * Adapters hold no business rules. It lives beside the server because it mounts routes; the core knows only
 * the outbound half (ChatPlatform).
 */

import type { ChatPlatform } from '../core/ports.js';
import type { Route } from './route.js';

/** A long-lived platform connection (Slack Socket Mode, the Discord gateway) as `/readyz` reports it. */
export interface TransportStatus {
  transport: 'socket_mode' | 'gateway';
  /** The SDK's own word for the state, e.g. `connected`, `reconnecting`, `resuming`. */
  state: string;
  /** True when platform events can arrive. */
  connected: boolean;
}

export interface PlatformAdapter {
  readonly name: string;
  /** Outbound half; absent for adapters that only receive. */
  readonly chat: ChatPlatform;
  /** Routes mounted on draftgate's one HTTP server. */
  routes(): Route[];
  /** Connects (gateway login, Socket Mode). HTTP-only adapters resolve at once. */
  start(): Promise<void>;
  /** The live connection, for transports that hold one; absent for HTTP-only transports. */
  transport?(): TransportStatus;
  /** Stops taking new work and waits for in-flight work to finish. */
  stop(): Promise<void>;
}
