/**
 * A platform adapter: translates platform input into Gate calls (inbound) and renders Gate output (its ChatPlatform).
 * Adapters hold no business rules. It lives beside the server because it mounts routes; the core knows only
 * the outbound half (ChatPlatform).
 */

import type { ChatPlatform } from '../core/ports.js';
import type { Route } from './route.js';

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
