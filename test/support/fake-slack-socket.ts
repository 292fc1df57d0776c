/**
 * A fake Slack Socket Mode server on 127.0.0.1, built on `ws`. The fake Web API's `apps.connections.open` hands
 * out its URL; on each connection it sends `hello`, then whatever envelopes a test pushes (slash_commands,
 * interactive, events_api). Every ack the client sends back is recorded by `envelope_id`. `disconnect()` sends
 * Slack's `{"type":"disconnect"}` (the client must reconnect); `refuse` makes new connections fail, as an outage.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export class FakeSlackSocket {
  readonly acks: SocketAck[] = [];
  /** How many connections were accepted (a reconnect makes it grow). */
  connections = 0;
  /** While true, new connections are closed right after the handshake (Slack unreachable). */
  refuse = false;
  #current: WebSocket | undefined;
  #ticket = 0;

  private constructor(
    private readonly server: WebSocketServer,
    private readonly port: number,
  ) {
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async start(): Promise<FakeSlackSocket> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    return new FakeSlackSocket(server, (server.address() as AddressInfo).port);
  }

  /** A fresh URL per `apps.connections.open`, like Slack's ticketed ones. */
  nextUrl(): string {
    this.#ticket += 1;
    return `ws://127.0.0.1:${this.port}/link/?ticket=${this.#ticket}&app_id=A0APP`;
  }

  get connected(): boolean {
    return this.#current?.readyState === 1;
  }

  /**
   * Sends one envelope on the open connection (waiting up to 10 s for one: a loaded machine can miss a pong and
   * make the client reconnect on its own); returns its envelope_id.
   */
  async send(type: EnvelopeType, payload: Record<string, unknown>): Promise<string> {
    const deadline = Date.now() + 10_000;
    while (this.#current?.readyState !== 1) {
      if (Date.now() > deadline) throw new Error('fake Socket Mode: no open connection');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const envelopeId = randomUUID();
    this.#current.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return envelopeId;
  }

  ackFor(envelopeId: string): SocketAck | undefined {
    return this.acks.find((ack) => ack.envelope_id === envelopeId);
  }

  /** Slack's "please reconnect" message (sent before a server restart or a ticket refresh). */
  disconnect(reason = 'refresh_requested'): void {
    this.#current?.send(
      JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-socket-mode' } }),
    );
  }

  /** Drops the connection without a word (a network failure). */
  drop(): void {
    this.#current?.terminate();
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #accept(socket: WebSocket): void {
    if (this.refuse) {
      socket.close(1011, 'fake outage');
      return;
    }
    this.connections += 1;
    this.#current = socket;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as SocketAck;
      if (typeof message.envelope_id === 'string') this.acks.push(message);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0APP' },
      }),
    );
  }
}
