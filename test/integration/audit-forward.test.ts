/**
 * `audit forward` delivers at-least-once: a forwarder killed in the middle of a batch (SIGKILL, the real process)
 * leaves it unacknowledged, and the restarted one delivers it again; a webhook that fails and then recovers loses
 * nothing, because nothing is acknowledged before it was delivered.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runForwarder, webhookBatchSink } from '../../src/audit/forwarder.js';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import { systemClock } from '../../src/core/ports.js';
import { RedisAuditConsumer } from '../../src/store/redis/audit-consumer.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { testRedisUrl } from '../support/redis.js';
import { spawnCli } from '../support/run-cli.js';
import { testStores } from '../support/stores.js';

function event(n: number): AuditEventInput {
  return auditEvent({ draft_id: `d${n}`, detail: { reason: 'not_requester', n } });
}

/** A webhook receiver whose answer to each request the test decides. */
function receiver(answer: (request: number, res: ServerResponse) => void) {
  const ids: string[] = [];
  let requests = 0;
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      requests++;
      const batch = body
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id);
      // Only a 2xx counts as received, like a real receiver that commits before answering.
      const done = () => ids.push(...batch);
      answer(requests, Object.assign(res, { done }));
    });
  });
  return {
    ids,
    requests: () => requests,
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const waitUntil = async (check: () => boolean, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('audit forward', () => {
  let stores: Awaited<ReturnType<typeof testStores>>;
  let raw: Redis;
  beforeEach(async () => {
    stores = await testStores('redis', systemClock);
    raw = new Redis(testRedisUrl());
  });
  afterEach(async () => {
    raw.disconnect();
    await stores.drafts.close();
  });

  it('redelivers the batch a killed forwarder was in the middle of: at-least-once, every entry', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 12; n++) ids.push(await stores.audit.append(event(n)));
    let hang = true;
    const hook = receiver((request, res) => {
      // The first batch reaches the receiver, which never answers: the forwarder is killed waiting.
      if (hang && request === 1) return;
      (res as ServerResponse & { done: () => void }).done();
      res.writeHead(204).end();
    });
    const url = await hook.listen();
    const config = join(mkdtempSync(join(tmpdir(), 'draftgate-forward-')), 'draftgate.yaml');
    writeFileSync(config, `redis: { prefix: ${stores.prefix} }\n`);
    const args = [
      'audit',
      'forward',
      '--webhook',
      url,
      '--batch',
      '5',
      '--consumer',
      'c1',
      '--config',
      config,
    ];
    try {
      const forwarder = spawnCli(args, { env: { REDIS_URL: testRedisUrl() } });
      await waitUntil(() => hook.requests() >= 1, 'the first batch to reach the webhook');
      forwarder.child.kill('SIGKILL');
      await new Promise((resolve) => forwarder.child.on('close', resolve));
      expect(hook.ids).toEqual([]);
      const pending = (await raw.xpending(`${stores.prefix}:audit`, 'draftgate-forward')) as [number];
      expect(pending[0]).toBe(5);

      hang = false;
      const restarted = spawnCli(args, { env: { REDIS_URL: testRedisUrl() } });
      try {
        await waitUntil(() => ids.every((id) => hook.ids.includes(id)), 'every entry to be delivered');
      } finally {
        await restarted.stop();
      }
      expect(new Set(hook.ids)).toEqual(new Set(ids));
      expect(((await raw.xpending(`${stores.prefix}:audit`, 'draftgate-forward')) as [number])[0]).toBe(0);
    } finally {
      await hook.close();
    }
  });

  it('a webhook that fails and then recovers loses nothing, in order', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) ids.push(await stores.audit.append(event(n)));
    const hook = receiver((request, res) => {
      if (request <= 3) {
        res.writeHead(503).end();
        return;
      }
      (res as ServerResponse & { done: () => void }).done();
      res.writeHead(200).end('ok');
    });
    const url = await hook.listen();
    const controller = new AbortController();
    const reader = new Redis(testRedisUrl());
    const retries: number[] = [];
    try {
      const running = runForwarder({
        source: new RedisAuditConsumer({
          redis: reader,
          stream: `${stores.prefix}:audit`,
          group: 'siem',
          consumer: 'one',
          claimIdleMs: 60_000,
        }),
        sink: webhookBatchSink(url),
        batch: 4,
        blockMs: 100,
        signal: controller.signal,
        retry: { minMs: 5, maxMs: 20 },
        onRetry: (_error, delay) => retries.push(delay),
      });
      await waitUntil(() => hook.ids.length >= 7, 'the first entries after the webhook recovered');
      // Entries appended while it runs are forwarded too.
      for (let n = 7; n < 10; n++) ids.push(await stores.audit.append(event(n)));
      await waitUntil(() => hook.ids.length >= 10, 'the later entries');
      controller.abort();
      await running;
      expect(retries).toEqual([5, 10, 20]);
      expect(hook.ids).toEqual(ids);
      expect(((await raw.xpending(`${stores.prefix}:audit`, 'siem')) as [number])[0]).toBe(0);
    } finally {
      reader.disconnect();
      await hook.close();
    }
  });
});
