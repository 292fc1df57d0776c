/**
 * The sandbox answers only its own machine: a Host other than loopback (DNS rebinding) is refused on every route,
 * a state-changing call from another Origin is refused, the JSON content type must be exact, and the sandbox
 * refuses to listen beyond loopback unless `sandbox.allow_remote: true`, which it then warns about.
 */
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { type RunningSandbox, startSandboxApp } from '../support/browser.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

interface Reply {
  status: number;
  body: string;
}

/** A raw HTTP request with exactly these headers (fetch would not let a test choose the Host). */
function send(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('the sandbox refuses other hosts and origins', () => {
  let sandbox: RunningSandbox;
  let host: string;
  let draftId: string;

  beforeAll(async () => {
    sandbox = await startSandboxApp();
    host = new URL(sandbox.url).host;
    const asked = await send(
      sandbox.url,
      '/sandbox/api/command',
      json({ user: 'alice', channel: 'eng-help', text: '/draftgate how do I read the api logs?' }, { host }),
    );
    expect(asked.status).toBe(200);
    draftId = (JSON.parse(asked.body) as { draftId: string }).draftId;
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  it('answers 127.0.0.1, localhost and [::1] with its own port', async () => {
    const port = new URL(sandbox.url).port;
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      expect(
        (await send(sandbox.url, '/sandbox/api/state', { headers: { host: `${name}:${port}` } })).status,
      ).toBe(200);
    }
  });

  it.each([
    'rebind.attacker.example',
    'rebind.attacker.example:PORT',
    '127.0.0.1:1',
    '127.0.0.1',
    'localhost.attacker.example:PORT',
  ])('refuses Host %j on the page, the state, the event stream and the API', async (raw) => {
    const hostHeader = raw.replace('PORT', new URL(sandbox.url).port);
    const headers = { host: hostHeader };
    for (const path of [
      '/',
      '/sandbox/static/app.js',
      '/sandbox/api/state?inbox=alice',
      '/sandbox/api/audit',
      '/sandbox/api/events',
    ]) {
      const reply = await send(sandbox.url, path, { headers });
      expect(reply.status, path).toBe(421);
      expect(reply.body, path).not.toContain('eng-help');
    }
    const approve = await send(
      sandbox.url,
      '/sandbox/api/approve',
      json({ user: 'alice', draftId, version: 1, confirmed: true }, headers),
    );
    expect(approve.status).toBe(421);
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('pending');
  });

  it('refuses a state-changing call from another origin, or from an opaque one', async () => {
    for (const origin of ['http://rebind.attacker.example:3000', 'null', `https://evil.example`, 'file://']) {
      const reply = await send(
        sandbox.url,
        '/sandbox/api/approve',
        json({ user: 'alice', draftId, version: 1, confirmed: true }, { host, origin }),
      );
      expect(reply.status, origin).toBe(403);
    }
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('pending');
  });

  it('accepts only the exact JSON media type', async () => {
    for (const type of [
      'application/jsonx',
      'application/json-patch+json',
      'text/plain',
      'application/json5',
    ]) {
      const reply = await send(sandbox.url, '/sandbox/api/approve', {
        method: 'POST',
        headers: { host, 'content-type': type },
        body: JSON.stringify({ user: 'alice', draftId, version: 1, confirmed: true }),
      });
      expect(reply.status, type).toBe(415);
    }
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('pending');
  });

  it('acts for its own origin, with the JSON type and a charset', async () => {
    const reply = await send(
      sandbox.url,
      '/sandbox/api/discard',
      json(
        { user: 'alice', draftId, version: 1 },
        {
          host,
          origin: `http://${host}`,
          'content-type': 'Application/JSON; charset=utf-8',
        },
      ),
    );
    expect(reply.status).toBe(200);
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('discarded');
  });
});

describe('where the sandbox listens', () => {
  const config = (extra: Record<string, unknown>) =>
    configSchema.parse({
      redis: { url: testRedisUrl(), prefix: uniquePrefix('sandbox') },
      log: { level: 'silent' },
      ...extra,
    });

  it('refuses a non-loopback address without sandbox.allow_remote', async () => {
    const made = createApp({
      config: config({ server: { port: 0, host: '0.0.0.0' } }),
      env: {},
      logger: pino({ level: 'silent' }),
      manualSweep: true,
    });
    await expect(made).rejects.toBeInstanceOf(ConfigError);
    await expect(made).rejects.toThrow(/sandbox\.allow_remote: true/);
  });

  it('serves it with allow_remote, warns loudly, and answers the allowed host names', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = await createApp({
      config: config({
        server: { port: 0, host: '0.0.0.0' },
        sandbox: { allow_remote: true, allowed_hosts: ['draftgate.internal'] },
      }),
      env: {},
      logger: pino({ level: 'warn' }, destination),
      manualSweep: true,
    });
    try {
      const { url } = await app.start();
      const warning = lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .find((l) => l.level === 40);
      expect(warning?.msg).toMatch(/^WARNING: the sandbox is served on 0\.0\.0\.0/);
      const port = new URL(url).port;
      expect(
        (await send(url, '/sandbox/api/state', { headers: { host: `draftgate.internal:${port}` } })).status,
      ).toBe(200);
      expect(
        (await send(url, '/sandbox/api/state', { headers: { host: `other.internal:${port}` } })).status,
      ).toBe(421);
    } finally {
      await app.stop();
      await app.stores.redis?.quit().catch(() => undefined);
    }
  });
});
