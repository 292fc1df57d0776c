/** The `draftgate` command itself, as a child process, against the run's private Redis. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/store/create-store.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { ManualClock } from '../support/clock.js';
import { alice, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { runCli, spawnCli } from '../support/run-cli.js';

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

  it('warns, and still exits 0, about a second approval anyone may give and a sandbox beyond this machine', async () => {
    const file = join(dir, 'warnings.yaml');
    writeFileSync(
      file,
      'policy:\n  second_approval: { mode: always }\nserver: { host: 0.0.0.0 }\nsandbox: { allow_remote: true }\n',
    );
    const result = await runCli(['config', 'check', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid (with 2 warnings)');
    const warnings = result.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^draftgate: warning: policy\.second_approval\.mode is "always" but .* lists nobody/,
    );
    expect(warnings[1]).toMatch(/^draftgate: warning: the sandbox will listen on 0\.0\.0\.0/);
  });

  it('exits 2 on a sandbox on a non-loopback address without sandbox.allow_remote, as start would', async () => {
    const result = await runCli(['config', 'check'], { env: { HOST: '0.0.0.0' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.host: the sandbox lets anyone act as anyone');
  });

  it('exits 2 on the strict preset until its reviewer placeholder is replaced', async () => {
    const result = await runCli(['config', 'check', 'config/presets/strict.yaml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'policy.second_approval.approvers.roles.0: replace the placeholder "REPLACE_WITH_REVIEWER_GROUP_ID"',
    );
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

  it('show accepts a unique prefix of the draft id (the 8 characters on a card)', async () => {
    const result = await runCli(['audit', 'show', draftId.slice(0, 8)], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`draft ${draftId}: 5 events`);
    const missing = await runCli(['audit', 'show', 'ffffffffffffzz'], { env: env() });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'draftgate: no draft id in the audit log starts with ffffffffffffzz: check the id on the review card\n',
    );
  });

  it('search filters by user, type, channel and time, as a table or as JSON lines', async () => {
    const table = await runCli(['audit', 'search', '--user', alice.id, '--type', 'edited,approved'], {
      env: env(),
    });
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^TIME\s+TYPE\s+DRAFT\s+V\s+ACTOR\s+CHANNEL\s+DETAIL$/);
    expect(rows.slice(1, -1).map((row) => row.split(/\s+/)[2])).toEqual(['edited', 'approved']);
    expect(rows.at(-1)).toBe('2 events');
    expect(rows[1]).toContain(draftId.slice(0, 8));

    const json = await runCli(
      ['audit', 'search', '--channel', target.channel, '--type', 'published', '--json'],
      {
        env: env(),
      },
    );
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; draft_id: string });
    expect(lines).toMatchObject([{ type: 'published', draft_id: draftId }]);

    const none = await runCli(['audit', 'search', '--channel', 'C_NOWHERE'], { env: env() });
    expect(none.stdout).toBe('no audit events match\n');
    const future = await runCli(['audit', 'search', '--since', '2999-01-01T00:00:00Z', '--json'], {
      env: env(),
    });
    expect(future.stdout).toBe('');
    const bad = await runCli(['audit', 'search', '--since', 'yesterday'], { env: env() });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('--since takes an ISO-8601 time');
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

  it('tail --follow prints the backlog, then an event appended afterwards (runs last: it appends)', async () => {
    const tail = spawnCli(['audit', 'tail', '-n', '1', '--follow'], { env: env() });
    try {
      await tail.waitFor('"type":"published"');
      const stores = createStores({
        redisUrl: testRedisUrl(),
        prefix,
        keepFinishedMs: 60_000,
        clock: { now: () => Date.now() },
      });
      await stores.redis?.connect();
      await stores.audit.append(
        auditEvent({
          draft_id: draftId,
          version: 2,
          actor: 'U_FOLLOWED',
          workspace: target.workspace,
          channel: target.channel,
        }),
      );
      await stores.drafts.close();
      await tail.waitFor('"actor":"U_FOLLOWED"');
      expect(tail.output().stderr).toBe('');
    } finally {
      await tail.stop();
    }
    expect(tail.output().stdout.match(/"type":"published"/g)).toHaveLength(1);
  });

  it('refuses clearly without REDIS_URL', async () => {
    const result = await runCli(['audit', 'verify']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('set REDIS_URL');
  });
});
