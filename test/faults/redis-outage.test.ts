/**
 * Redis stops while a draft is pending: approvals fail closed (nothing posted, the person told to retry), /readyz
 * says not ready, and after Redis returns (AOF on) nothing recorded is lost and the chain still verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { Gate } from '../../src/core/gate/index.js';
import { Policy } from '../../src/core/policy.js';
import { createRiskReviewer } from '../../src/core/risk/risk-reviewer.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { freePort, type RedisServerHandle, startRedisServer } from '../../testkit/redis-server.js';
import { FakeChat } from '../support/fake-chat.js';
import { alice, target } from '../support/gate-fixture.js';
import { answers } from '../support/recording-agent.js';

describe('Redis outage', () => {
  let redis: RedisServerHandle | undefined;
  let app: App | undefined;
  let cleanup = () => {};
  afterAll(async () => {
    await app?.stop().catch(() => {});
    await redis?.stop();
    cleanup();
  });

  it('fails closed while Redis is down and loses nothing once it is back', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'draftgate-aof-'));
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    redis = await startRedisServer({ port, dir, appendonly: true });
    const config = configSchema.parse({
      redis: { url: redis.url, prefix: 'outage' },
      server: { port: 0 },
      log: { level: 'silent' },
    });
    app = await createApp({ config, env: {}, logger: pino({ level: 'silent' }), manualSweep: true });
    const { url } = await app.start();
    // A second Gate on the same store with a recording platform, to see exactly what would be posted.
    const chat = new FakeChat();
    const gate = new Gate({
      store: app.stores.drafts,
      audit: app.stores.audit,
      policy: new Policy(config.policy),
      agent: answers('Restart the worker with `systemctl restart export-worker`.'),
      risk: createRiskReviewer(config.risk),
      logger: pino({ level: 'silent' }),
      keepFinishedMs: 60_000,
      agentTimeoutMs: 5_000,
    });
    gate.attach(chat);
    const created = await gate.request({
      target,
      requester: alice,
      question: 'The export worker is stuck',
      source: 'slash',
    });
    if (!created.ok) throw new Error(created.message);
    const before = await app.stores.audit.range({});
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    await redis.stop();
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toContain('does not answer');
    const clicks = await Promise.all(
      Array.from({ length: 5 }, () =>
        gate.approve({
          draftId: created.draft.id,
          version: created.draft.version,
          actor: alice,
          confirmed: false,
        }),
      ),
    );
    for (const click of clicks) {
      expect(click).toMatchObject({ ok: false, code: 'unavailable' });
      expect(click.ok ? '' : click.message).toMatch(/Try again/);
    }
    expect(chat.posts).toHaveLength(0);

    redis = await startRedisServer({ port, dir, appendonly: true });
    // ioredis reconnects on its own; wait until the store answers again.
    for (let i = 0; i < 100 && (await fetch(`${url}/readyz`)).status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const after = await app.stores.audit.range({});
    expect(after).toEqual(before);
    expect((await gate.get(created.draft.id))?.state).toBe('pending');
    expect(await verifyChain(app.stores.audit.walk(), await app.stores.audit.head())).toMatchObject({
      ok: true,
    });
    const retry = await gate.approve({
      draftId: created.draft.id,
      version: created.draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(retry.ok).toBe(true);
    expect(chat.posts).toHaveLength(1);
  });
});
