/**
 * A TCP proxy on a replica's link to its master. `pause()` holds the master's replication stream back (the replica
 * neither receives nor acknowledges anything new, as when its link stalls), `resume()` delivers what was held, and
 * `cut()` drops the link and everything held: what the master wrote meanwhile never reaches the replica.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class ReplicationLinkProxy {
  #paused = false;
  #held: { to: Socket; chunk: Buffer }[] = [];
  #cut = false;
  readonly #sockets = new Set<Socket>();

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(masterPort: number): Promise<ReplicationLinkProxy> {
    let proxy: ReplicationLinkProxy | undefined;
    const server = createServer((replica) => proxy?.handle(replica, masterPort));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = new ReplicationLinkProxy(server, address.port);
    return proxy;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    for (const { to, chunk } of this.#held.splice(0)) to.write(chunk);
  }

  cut(): void {
    this.#cut = true;
    this.#held = [];
    for (const socket of this.#sockets) socket.destroy();
  }

  handle(replica: Socket, masterPort: number): void {
    if (this.#cut) {
      replica.destroy();
      return;
    }
    const master = connect(masterPort, '127.0.0.1');
    this.#sockets.add(replica).add(master);
    replica.on('data', (chunk: Buffer) => master.write(chunk));
    master.on('data', (chunk: Buffer) => {
      if (this.#paused) this.#held.push({ to: replica, chunk });
      else replica.write(chunk);
    });
    const close = () => {
      replica.destroy();
      master.destroy();
    };
    replica.on('error', close).on('close', close);
    master.on('error', close).on('close', close);
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
