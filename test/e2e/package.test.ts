/**
 * The package works from its tarball: `npm pack` (whose prepack builds dist/), then an install of that tarball into
 * an empty folder, then the installed `draftgate` command. The install is offline: the production dependencies are
 * pinned to the project's lockfile and come from the npm cache that `npm ci` filled, so nothing is downloaded.
 * The pack runs in a copy of the checkout, so that its build never replaces the dist/ another test runs.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-cli.js';

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

const work = mkdtempSync(join(tmpdir(), 'draftgate-package-'));
const checkout = join(work, 'checkout');
const install = join(work, 'install');
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
};
const tarball = `${pkg.name}-${pkg.version}.tgz`;
// The child processes see only what they need; a developer's .env must not change the results.
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DRAFTGATE_ENV_FILE: '' };

function run(
  command: string,
  args: string[],
  cwd: string,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** A lockfile for the empty folder: the tarball plus the project's locked production dependencies, nothing else. */
function installLockfile(): string {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as Lockfile;
  const root = lock.packages[''] ?? {};
  const packages: Record<string, unknown> = {
    '': { name: 'tarball-test', dependencies: { [pkg.name]: `file:${tarball}` } },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      license: root.license,
      dependencies: root.dependencies,
      bin: root.bin,
      engines: root.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path !== '' && !entry.dev && !entry.devOptional) packages[path] = entry;
  }
  return JSON.stringify({ name: 'tarball-test', lockfileVersion: 3, requires: true, packages }, null, 2);
}

describe('the npm package, installed from its tarball', { timeout: 300_000 }, () => {
  const bin = join(install, 'node_modules/.bin/draftgate');

  beforeAll(async () => {
    // What `npm pack` reads and what the build needs, without node_modules (linked) or any build output.
    mkdirSync(checkout);
    for (const entry of [
      'package.json',
      'README.md',
      'LICENSE',
      'tsconfig.json',
      'tsconfig.build.json',
      'scripts',
    ]) {
      cpSync(join(repoRoot, entry), join(checkout, entry), { recursive: true });
    }
    for (const entry of ['src', 'adapters', 'types', 'bin', 'config']) {
      cpSync(join(repoRoot, entry), join(checkout, entry), { recursive: true });
    }
    symlinkSync(join(repoRoot, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const packed = await run('npm', ['pack', '--pack-destination', work], checkout);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}\n${packed.stderr}`);

    mkdirSync(install);
    cpSync(join(work, tarball), join(install, tarball));
    writeFileSync(
      join(install, 'package.json'),
      JSON.stringify({
        name: 'tarball-test',
        private: true,
        dependencies: { [pkg.name]: `file:${tarball}` },
      }),
    );
    writeFileSync(join(install, 'package-lock.json'), installLockfile());
    const installed = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], install);
    if (installed.code !== 0) {
      throw new Error(
        `offline install of the tarball failed (run \`npm ci\` in the checkout first, it fills the npm cache):\n${installed.stderr}`,
      );
    }
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships compiled JavaScript and no TypeScript sources or dev tools', () => {
    const installedRoot = join(install, 'node_modules', pkg.name);
    expect(existsSync(join(installedRoot, 'dist/src/cli/run.js'))).toBe(true);
    expect(existsSync(join(installedRoot, 'dist/src/store/redis/lua'))).toBe(true);
    expect(existsSync(join(installedRoot, 'src'))).toBe(false);
    expect(existsSync(join(install, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(install, 'node_modules/typescript'))).toBe(false);
  });

  it('draftgate --version prints the package version', async () => {
    const result = await run(bin, ['--version'], install);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(pkg.version);
    expect(result.code).toBe(0);
  });

  it('draftgate check-text reviews text from stdin and exits 1 on a blocking finding', async () => {
    const clean = await run(bin, ['check-text'], install, 'kubectl get pods -n payments\n');
    expect(JSON.parse(clean.stdout)).toEqual({ findings: [], blocked: false });
    expect(clean.code).toBe(0);
    const secret = await run(bin, ['check-text'], install, `token: ${randomSlackBotToken()}\n`);
    expect(JSON.parse(secret.stdout)).toMatchObject({
      blocked: true,
      findings: [{ rule: 'secret.slack-token' }],
    });
    expect(secret.code).toBe(1);
  });

  it('draftgate config check validates the shipped example configuration', async () => {
    const result = await run(
      bin,
      ['config', 'check', `node_modules/${pkg.name}/config/draftgate.example.yaml`],
      install,
    );
    expect(result.stdout).toContain('is valid');
    expect(result.code).toBe(0);
  });
});

/** A bot token of Slack's shape with a fresh random body (a literal sample would read as a placeholder, and rightly). */
function randomSlackBotToken(): string {
  const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');
  const body = randomBytes(32)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 24);
  return `xoxb-${digits(12)}-${digits(13)}-${body}`;
}
