/**
 * Slow and silent clients are cut, and open connections are capped. The production limits are asserted as
 * configured; the behaviour runs with short limits so that the test does not wait 10 s.
 */
import { connect, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, DEFAULT_HTTP_LIMITS, type HttpServer } from '../../src/server/http-server.js';

const routes = [
  {
    method: 'GET' as const,
    path: '/ping',
    async handle(_req: unknown, res: import('node:http').ServerResponse) {
      res.end('pong');
    },
  },
];

/** Resolves with what the server sent before it closed the connection. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    socket.on('data', (chunk: Buffer) => {
      data += chunk.toString();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
  });
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('HTTP server limits', () => {
  let http: HttpServer | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await http?.close();
    http = undefined;
  });

  it('defaults: headers 10 s, request 30 s, keep-alive above 60 s, a connection cap', () => {
    http = createHttpServer(routes, pino({ level: 'silent' }));
    expect(http.server.headersTimeout).toBe(10_000);
    expect(http.server.requestTimeout).toBe(30_000);
    expect(http.server.keepAliveTimeout).toBe(65_000);
    expect(http.server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(http.server.maxConnections).toBe(DEFAULT_HTTP_LIMITS.maxConnections);
    expect(Number.isFinite(http.server.maxConnections)).toBe(true);
  });

  it('cuts a client that sent a request line and went silent', async () => {
    http = createHttpServer(routes, pino({ level: 'silent' }), {
      ...DEFAULT_HTTP_LIMITS,
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      checkIntervalMs: 50,
    });
    const { port } = await http.listen(0, '127.0.0.1');
    const socket = await open(port);
    sockets.push(socket);
    const done = closed(socket);
    socket.write('GET /ping HTTP/1.1\r\n');
    const answer = await done;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('drops connections beyond the cap and serves the ones within it', async () => {
    http = createHttpServer(routes, pino({ level: 'silent' }), { ...DEFAULT_HTTP_LIMITS, maxConnections: 2 });
    const { port } = await http.listen(0, '127.0.0.1');
    const first = await open(port);
    const second = await open(port);
    sockets.push(first, second);
    const third = await open(port);
    sockets.push(third);
    const refused = closed(third);
    third.write('GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await refused).toBe('');
    const served = new Promise<string>((resolve) =>
      first.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    first.write('GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(await served).toMatch(/^HTTP\/1\.1 200[\s\S]*pong$/);
  });
});
