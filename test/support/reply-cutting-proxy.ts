/**
 * A TCP proxy in front of Redis that can lose one reply: once armed with a marker, the first command whose bytes
 * contain it is delivered to Redis, and the client's connection is cut before the answer comes back. This is the
 * ambiguous failure (did it run?) that a failover produces, made deterministic.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class ReplyCuttingProxy {
  #marker: string | undefined;
  cuts = 0;
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<ReplyCuttingProxy> {
    let proxy: ReplyCuttingProxy | undefined;
    const server = createServer((client) => proxy?.handle(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = new ReplyCuttingProxy(server, address.port);
    return proxy;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** The next command containing `marker` runs on Redis, but its reply is lost with the connection. */
  cutReplyTo(marker: string): void {
    this.#marker = marker;
  }

  handle(client: Socket, targetPort: number): void {
    const upstream = connect(targetPort, '127.0.0.1');
    this.#sockets.add(client).add(upstream);
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      if (cut) return;
      upstream.write(chunk);
      if (this.#marker && chunk.toString('utf8').includes(this.#marker)) {
        this.#marker = undefined;
        this.cuts++;
        cut = true;
        // Let Redis read the command, then drop both sides before the reply reaches the client.
        upstream.once('data', () => {
          client.destroy();
          upstream.destroy();
        });
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cut) client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
