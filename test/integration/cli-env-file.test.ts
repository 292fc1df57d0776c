/** `.env` support: the CLI loads an env file with process.loadEnvFile; the real environment wins over it. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_KEYS } from '../../src/config/load-config.js';
import { TRACING_ENV_KEYS } from '../../src/server/tracing-switch.js';
import { repoRoot, runCli } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'draftgate-env-'));

describe('.env files', () => {
  it('fill in variables the environment does not set', async () => {
    const file = join(dir, 'bad.env');
    writeFileSync(file, '# a comment\nREDIS_URL=localhost:6379\n');
    const result = await runCli(['config', 'check'], { env: { DRAFTGATE_ENV_FILE: file } });
    expect(result.stderr).toContain('redis.url (from REDIS_URL)');
    expect(result.code).toBe(2);
  });

  it('never override a variable that is already set', async () => {
    const file = join(dir, 'overridden.env');
    writeFileSync(file, 'REDIS_URL=localhost:6379\n');
    const result = await runCli(['config', 'check'], {
      env: { DRAFTGATE_ENV_FILE: file, REDIS_URL: 'redis://127.0.0.1:6379' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('a named env file that does not exist is an error that says which file', async () => {
    const result = await runCli(['config', 'check'], {
      env: { DRAFTGATE_ENV_FILE: join(dir, 'missing.env') },
    });
    expect(result.stderr).toMatch(/DRAFTGATE_ENV_FILE names .*missing\.env, which does not exist/);
    expect(result.code).toBe(2);
  });

  it('.env.example lists every variable draftgate reads, each under a comment', () => {
    const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    const lines = example.split('\n');
    for (const name of [
      ...Object.keys(ENV_KEYS),
      ...TRACING_ENV_KEYS,
      'DRAFTGATE_CONFIG',
      'DRAFTGATE_ENV_FILE',
      'NODE_ENV',
    ]) {
      const at = lines.findIndex((line) => new RegExp(`^(# )?${name}=`).test(line));
      expect(at, name).toBeGreaterThan(0);
      // The variable's own comment sits above it (possibly above a group of related variables).
      expect(
        lines
          .slice(0, at)
          .reverse()
          .find((line) => !/^(# )?[A-Z_]+=/.test(line)),
        name,
      ).toMatch(/^# /);
    }
  });
});
