/**
 * One socket write per tick for a Redis connection, instead of one per command. ioredis writes each command to the
 * socket as it is issued, so the Gate's concurrent flows cost one `write(2)` each, and one read on the Redis side.
 * Corking the socket at the first write of a tick and uncorking it on the next tick sends everything issued in
 * between in one `writev`: the same commands, in the same order, on the same connection, before the event loop
 * goes back to I/O. (Measured at 100 concurrent flows: ~2 commands per write, and ~0.15 ms less Redis CPU per flow.)
 *
 * This is not ioredis' auto-pipelining: ioredis sees no pipeline, so each command keeps its own timeout, retry and
 * error, and nothing waits for a batch to fill.
 */
import type { Socket } from 'node:net';
import { Cluster, type Redis } from 'ioredis';

/** Corks `socket` on the first write of each tick; the write goes out when the current tick's work is done. */
export function corkPerTick(socket: Socket): void {
  const write = socket.write;
  let corked = false;
  const flush = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function corkedWrite(this: Socket, ...args: Parameters<Socket['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(flush);
    }
    return write.apply(this, args);
  } as Socket['write'];
}

/** Applies corkPerTick to every connection the client opens: each (re)connect, and each Cluster node's. */
export function corkRedisWrites(client: Redis | Cluster): void {
  const follow = (redis: Redis) => {
    // ioredis opens a new socket on every (re)connect; `stream` is it from the 'connect' event on.
    redis.on('connect', () => corkPerTick(redis.stream));
  };
  if (client instanceof Cluster) client.on('+node', follow);
  else follow(client);
}
