/** The `draftgate` command itself, as a child process, against the run's private Redis. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/store/create-store.js';
import { alice, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { runCli } from '../support/run-cli.js';
import { ManualClock } from '../support/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'draftgate-cli-'));

describe('draftgate config check', () => {
  it('accepts the example configuration', async () => {
    const result = await runCli(['config', 'check', 'config/draftgate.example.yaml']);
    expect(result.stdout).toContain('is valid');
    expect(result.code).toBe(0);
  });

  it('exits 2 and names every bad key path', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'policy:\n  draft_ttl: forever\n  second_approval: { mode: sometimes }\nagent: { provider: gpt }\nsurprise: 1\n',
    );
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(2);
    for (const path of ['policy.draft_ttl', 'policy.second_approval.mode', 'agent.provider', 'surprise']) {
      expect(result.stderr).toMatch(new RegExp(`^  ${path.replace('.', '\\.')}: `, 'm'));
    }
  });

  it('exits 2 on a bad environment value too, saying where it came from', async () => {
    const result = await runCli(['config', 'check'], { env: { REDIS_URL: 'localhost:6379' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('redis.url (from REDIS_URL)');
  });

  it('exits 2 on a risk rule that does not compile or an override that names no rule', async () => {
    const file = join(dir, 'bad-risk.yaml');
    writeFileSync(
      file,
      'risk:\n  rules:\n    - { id: broken, pattern: "([a-z", severity: note, explanation: x }\n',
    );
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('risk.rules');
    const overrides = join(dir, 'bad-override.yaml');
    writeFileSync(overrides, 'risk:\n  severity_overrides:\n    no-such-rule: block\n');
    const second = await runCli(['config', 'check', overrides]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('risk.severity_overrides.no-such-rule');
  });

  it('exits 2 on half-configured platforms instead of falling back to the sandbox', async () => {
    const result = await runCli(['config', 'check'], {
      env: { SLACK_BOT_TOKEN: 'xoxb-1-2-3', DISCORD_PUBLIC_KEY: 'a'.repeat(64) },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('slack.signing_secret: set SLACK_SIGNING_SECRET');
    expect(result.stderr).toContain('discord.token: set DISCORD_TOKEN');
  });

  it('exits 2 on YAML that does not parse', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'policy: [unclosed\n');
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not valid YAML');
  });
});

describe('draftgate audit', () => {
  const prefix = uniquePrefix('cli');
  let draftId = '';
  const env = () => ({ REDIS_URL: testRedisUrl(), DRAFTGATE_CONFIG: join(dir, 'audit.yaml') });
  const redis = new Redis(testRedisUrl());

  beforeAll(async () => {
    writeFileSync(join(dir, 'audit.yaml'), `redis:\n  prefix: ${prefix}\n`);
    const clock = new ManualClock(Date.now());
    const stores = createStores({ redisUrl: testRedisUrl(), prefix, keepFinishedMs: 60_000, clock });
    await stores.redis?.connect();
    const f = await gateFixture('redis', { stores: { ...stores, prefix }, clock });
    const created = await f.gate.request({
      target,
      requester: alice,
      question: 'How do I read logs?',
      source: 'slash',
    });
    if (!created.ok) throw new Error(created.message);
    draftId = created.draft.id;
    await f.gate.edit({ draftId, version: 1, actor: alice, text: 'Edited: use kubectl logs.' });
    await f.gate.approve({ draftId, version: 2, actor: alice, confirmed: false });
    await f.close();
  });
  afterAll(() => redis.quit());

  it('show prints the timeline with the agent original, the edit and the published text', async () => {
    const result = await runCli(['audit', 'show', draftId], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /requested[\s\S]*drafted[\s\S]*agent original[\s\S]*kubectl logs deploy\/api[\s\S]*edited[\s\S]*Edited: use kubectl logs\.[\s\S]*published text/,
    );
  });

  it('export writes one JSON line per event with parsed detail', async () => {
    const result = await runCli(['audit', 'export', '--since', '2020-01-01T00:00:00Z'], { env: env() });
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; detail: unknown });
    expect(lines.map((l) => l.type)).toEqual(['requested', 'drafted', 'edited', 'approved', 'published']);
    expect(typeof lines[0]?.detail).toBe('object');
  });

  it('verify passes on the intact chain, and names the entry after one was modified or deleted', async () => {
    const ok = await runCli(['audit', 'verify'], { env: env() });
    expect(ok.stdout).toContain('ok: 5 entries');
    expect(ok.code).toBe(0);

    const key = `${prefix}:audit`;
    const entries = (await redis.xrange(key, '-', '+')) as [string, string[]][];
    // Tamper: rewrite the stream with entry 3's actor changed, keeping every id (what an attacker with write access could do).
    const copy = `${key}:tampered`;
    for (const [id, fields] of entries) {
      const changed =
        id === entries[2]?.[0] ? fields.map((v, i) => (fields[i - 1] === 'actor' ? 'U_MALLORY' : v)) : fields;
      await redis.xadd(copy, id, ...changed);
    }
    await redis.rename(copy, key);
    const modified = await runCli(['audit', 'verify'], { env: env() });
    expect(modified.code).toBe(1);
    expect(modified.stderr).toContain(`entry ${entries[2]?.[0]}`);
    expect(modified.stderr).toContain('modified');

    await redis.del(key);
    for (const [id, fields] of entries) if (id !== entries[1]?.[0]) await redis.xadd(key, id, ...fields);
    const deleted = await runCli(['audit', 'verify'], { env: env() });
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain(`entry ${entries[2]?.[0]}`);
    expect(deleted.stderr).toContain('removed');
  });

  it('refuses clearly without REDIS_URL', async () => {
    const result = await runCli(['audit', 'verify']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set REDIS_URL');
  });
});
