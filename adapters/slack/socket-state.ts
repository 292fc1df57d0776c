/**
 * Follows a Socket Mode client's connection state from its own events, for `/readyz`. The client emits
 * `connecting`, `authenticated`, `connected` (after Slack's hello), `reconnecting`, `disconnecting`,
 * `disconnected`, and `close` when the WebSocket goes away (before it schedules a reconnect).
 */
import type { TransportStatus } from '../../src/server/platform-adapter.js';

const STATES = ['connecting', 'authenticated', 'connected', 'reconnecting', 'disconnecting', 'disconnected'];

/** The part of the client's event emitter this needs (it is an eventemitter3 emitter, not Node's). */
interface Emitter {
  on(event: string, listener: () => void): unknown;
}

export function followSocketState(client: Emitter): () => TransportStatus {
  let state = 'not_started';
  for (const name of STATES) client.on(name, () => (state = name));
  client.on('close', () => {
    if (state !== 'disconnecting' && state !== 'disconnected') state = 'reconnecting';
  });
  return () => ({ transport: 'socket_mode', state, connected: state === 'connected' });
}
