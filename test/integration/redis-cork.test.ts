/**
 * The store's Redis connections send each tick's commands in one write (cork-per-tick.ts). On the run's real Redis:
 * commands issued together are corked until the tick ends, every reply still reaches its own command in order, and
 * a reconnect's new socket is corked the same way.
 */
import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { corkPerTick } from '../../src/store/redis/cork-per-tick.js';
import { createRedisClient } from '../../src/store/redis/redis-client.js';
import { connectTestRedis, testRedisUrl, uniquePrefix } from '../support/redis.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()?.();
});

describe('corkPerTick', () => {
  it('holds the writes of one tick and sends them, in order, when the tick ends', async () => {
    const received: Buffer[] = [];
    const server = createServer((peer) => peer.on('data', (chunk: Buffer) => received.push(chunk)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise<void>((done) => server.close(() => done())));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const socket: Socket = tcpConnect(address.port, '127.0.0.1');
    await once(socket, 'connect');
    closers.push(() => void socket.destroy());
    corkPerTick(socket);

    for (let index = 0; index < 20; index += 1) socket.write(`line ${index}\n`);
    expect(socket.writableCorked).toBe(1);
    expect(socket.writableLength).toBeGreaterThan(0);
    await new Promise((done) => process.nextTick(done));
    expect(socket.writableCorked).toBe(0);

    const expected = Array.from({ length: 20 }, (_, index) => `line ${index}\n`).join('');
    while (Buffer.concat(received).length < expected.length) await new Promise((done) => setTimeout(done, 5));
    expect(Buffer.concat(received).toString()).toBe(expected);
  });
});

describe('the store’s Redis client', () => {
  function storeClient(): Redis {
    const client = createRedisClient(
      { kind: 'standalone', url: testRedisUrl() },
      { commandTimeoutMs: 2000 },
    ) as Redis;
    closers.push(() => client.disconnect());
    return client;
  }

  it('corks each tick’s commands and answers each command with its own reply', async () => {
    const client = storeClient();
    await client.connect();
    const key = `${uniquePrefix('cork')}:n`;
    const replies = Array.from({ length: 200 }, (_, index) =>
      index % 2 === 0 ? client.incr(key) : client.echo(`echo ${index}`),
    );
    expect(client.stream.writableCorked).toBe(1);
    const answered = await Promise.all(replies);
    expect(answered).toEqual(
      Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? index / 2 + 1 : `echo ${index}`)),
    );
    expect(client.stream.writableCorked).toBe(0);
  });

  it('corks the new socket after a reconnect', async () => {
    const client = storeClient();
    await client.connect();
    const first = client.stream;
    const admin = connectTestRedis();
    closers.push(() => admin.disconnect());
    const reconnected = once(client, 'ready');
    await admin.call('CLIENT', 'KILL', 'ID', String(await client.client('ID')));
    await reconnected;
    expect(client.stream).not.toBe(first);
    const pending = client.ping();
    expect(client.stream.writableCorked).toBe(1);
    expect(await pending).toBe('PONG');
  });
});
