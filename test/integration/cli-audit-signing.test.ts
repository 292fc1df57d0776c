/** `draftgate audit keygen | checkpoint | archive | verify` as child processes against the run's private Redis. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/ports.js';
import { createStores } from '../../src/store/create-store.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { runCli } from '../support/run-cli.js';

describe('draftgate audit keygen, checkpoint, archive and verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'draftgate-cli-audit-'));
  const prefix = uniquePrefix('cliaudit');
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('signs the head, archives behind a signed base, and verifies archive + live with the public key', async () => {
    const keygen = await runCli(['audit', 'keygen']);
    expect(keygen.code).toBe(0);
    const privateKey = /^DRAFTGATE_AUDIT_KEY=(\S+)$/m.exec(keygen.stdout)?.[1] ?? '';
    const publicKey = /^DRAFTGATE_AUDIT_PUBLIC_KEY=(\S+)$/m.exec(keygen.stdout)?.[1] ?? '';
    expect(privateKey).not.toBe('');

    const stores = createStores({
      redisUrl: testRedisUrl(),
      prefix,
      keepFinishedMs: 60_000,
      clock: systemClock,
    });
    await stores.redis?.connect();
    for (let n = 0; n < 3; n++) {
      await stores.audit.append(auditEvent({ draft_id: `d${n}` }));
    }
    await stores.drafts.close();

    const checkpoints = join(dir, 'checkpoints.jsonl');
    const env = {
      REDIS_URL: testRedisUrl(),
      DRAFTGATE_CONFIG: join(dir, 'none.yaml'),
      DRAFTGATE_AUDIT_KEY: privateKey,
    };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      env.DRAFTGATE_CONFIG,
      `redis: { prefix: ${prefix} }\naudit: { checkpoint_file: ${checkpoints} }\n`,
    );
    const unsigned = await runCli(['audit', 'checkpoint'], { env: { ...env, DRAFTGATE_AUDIT_KEY: '' } });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('audit keygen');

    const signed = await runCli(['audit', 'checkpoint'], { env });
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout)).toMatchObject({ count: 3, stream: `${prefix}:audit` });
    expect(readFileSync(checkpoints, 'utf8').trim().split('\n')).toHaveLength(1);

    const archive = join(dir, 'old.jsonl.gz');
    const archived = await runCli(
      ['audit', 'archive', '--before', String(Date.now() + 1), '--out', archive],
      {
        env,
      },
    );
    expect(archived.stderr).toBe('');
    expect(archived.stdout).toMatch(/^archived 4 entries/);
    expect(existsSync(archive)).toBe(true);
    // The new base checkpoint is in the stream and in the checkpoint file.
    expect(await redis.xlen(`${prefix}:audit`)).toBe(1);
    expect(readFileSync(checkpoints, 'utf8').trim().split('\n')).toHaveLength(2);

    const verified = await runCli(
      ['audit', 'verify', '--checkpoints', checkpoints, '--public-key', publicKey, '--archive', archive],
      { env },
    );
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toMatch(
      /^ok: 5 entries from the genesis, 5 in all; .* 5 signed checkpoints matched/,
    );
    expect(verified.code).toBe(0);
  });
});
