/**
 * A platform adapter: translates platform input into Gate calls (inbound) and renders Gate output (its ChatPlatform).
 * Adapters hold no business rules.
 */

import type { Route } from '../server/route.js';
import type { ChatPlatform } from './ports.js';

export interface PlatformAdapter {
  readonly name: string;
  /** Outbound half; absent for adapters that only receive. */
  readonly chat: ChatPlatform;
  /** Routes mounted on draftgate's one HTTP server. */
  routes(): Route[];
  /** Connects (gateway login, Socket Mode). HTTP-only adapters resolve at once. */
  start(): Promise<void>;
  /** Stops taking new work and waits for in-flight work to finish. */
  stop(): Promise<void>;
}
