/**
 * A fake Discord gateway on 127.0.0.1, built on `ws`, that discord.js logs in to unchanged (JSON encoding, no
 * compression). The fake REST API's `GET /gateway/bot` returns its URL. Per connection: HELLO (op 10); IDENTIFY
 * (op 2) is answered with READY and a GUILD_CREATE for each guild; RESUME (op 6) replays every dispatch after
 * the client's last sequence, then RESUMED; heartbeats (op 1) get ACKs (op 11). `dispatch()` sends a dispatch
 * (op 0) with the next sequence number, or keeps it for the resume while the connection is down.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { FakeUser } from './fake-discord-api.js';

interface Frame {
  op: number;
  d: unknown;
  s?: number | null;
  t?: string | null;
}

export interface IdentifyFrame {
  token: string;
  intents: number;
}

export interface ResumeFrame {
  token: string;
  session_id: string;
  seq: number;
}

export class FakeDiscordGateway {
  readonly identifies: IdentifyFrame[] = [];
  readonly resumes: ResumeFrame[] = [];
  /** Connections accepted so far (a resume opens a new one on the resume URL). */
  connections = 0;
  /** While true, a new connection gets no HELLO until `release()` (a gateway slow to come back). */
  hold = false;
  #held: WebSocket | undefined;
  readonly sessionId = randomBytes(16).toString('hex');
  #sequence = 0;
  readonly #sent: { seq: number; t: string; d: unknown }[] = [];
  #current: WebSocket | undefined;
  #ready = false;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
    private readonly bot: FakeUser,
    private readonly guilds: { id: string }[],
  ) {
    server.on('connection', (socket) => this.#accept(socket));
  }

  static async start(options: { bot: FakeUser; guilds?: { id: string }[] }): Promise<FakeDiscordGateway> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new FakeDiscordGateway(server, `ws://127.0.0.1:${port}`, options.bot, options.guilds ?? []);
  }

  /** True while a session is identified (or resumed) on an open connection. */
  get live(): boolean {
    return this.#ready && this.#current?.readyState === 1;
  }

  /** Sends a dispatch now, or keeps it for RESUME when the connection is down. */
  dispatch(t: string, d: unknown): void {
    this.#sequence += 1;
    const event = { seq: this.#sequence, t, d };
    this.#sent.push(event);
    if (this.live) this.#send({ op: 0, s: event.seq, t, d });
  }

  /** Closes the connection with a code that makes discord.js resume (4000: unknown error). */
  drop(code = 4000): void {
    this.#ready = false;
    this.#current?.close(code, 'fake gateway drop');
  }

  /** Ends `hold`: the waiting connection gets its HELLO. */
  release(): void {
    this.hold = false;
    const held = this.#held;
    this.#held = undefined;
    if (held === this.#current) this.#send({ op: 10, d: { heartbeat_interval: 41_250 } });
  }

  async close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #send(frame: Frame): void {
    this.#current?.send(JSON.stringify({ s: null, t: null, ...frame }));
  }

  #accept(socket: WebSocket): void {
    this.connections += 1;
    this.#current = socket;
    this.#ready = false;
    socket.on('message', (data) => this.#receive(socket, JSON.parse(String(data)) as Frame));
    if (this.hold) this.#held = socket;
    else this.#send({ op: 10, d: { heartbeat_interval: 41_250 } });
  }

  #receive(socket: WebSocket, frame: Frame): void {
    if (socket !== this.#current) return;
    switch (frame.op) {
      case 1:
        this.#send({ op: 11, d: null });
        return;
      case 2: {
        this.identifies.push(frame.d as IdentifyFrame);
        this.#ready = true;
        this.dispatch('READY', {
          v: 10,
          user: this.bot,
          guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: this.sessionId,
          resume_gateway_url: `${this.url}/resume`,
          shard: [0, 1],
          application: { id: this.bot.id, flags: 0 },
        });
        for (const guild of this.guilds) this.dispatch('GUILD_CREATE', guild);
        return;
      }
      case 6: {
        const resume = frame.d as ResumeFrame;
        this.resumes.push(resume);
        if (resume.session_id !== this.sessionId) {
          this.#send({ op: 9, d: false });
          return;
        }
        this.#ready = true;
        for (const event of this.#sent.filter((e) => e.seq > resume.seq))
          this.#send({ op: 0, s: event.seq, t: event.t, d: event.d });
        this.dispatch('RESUMED', {});
        return;
      }
      default:
        return;
    }
  }
}
