/**
 * The browser tests' harness: a headless Chromium (playwright-core driving the distribution's `chromium` package,
 * no browser download; `CHROMIUM_PATH` overrides the lookup on PATH) and draftgate running its sandbox.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type BrowserContext, chromium } from 'playwright-core';
import { type App, createApp } from '../../src/app.js';
import { configSchema } from '../../src/config/schema.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

const NAMES = ['chromium', 'chromium-browser'];

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function findChromium(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) return override;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error(
    'no chromium on PATH: install the Debian package `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH',
  );
}

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh profile in a temporary directory, removed on close. `extraArgs` are added to the usual flags. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<TestBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'draftgate-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: [...ARGS, ...extraArgs],
    timeout: 30_000,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface SandboxAppOptions {
  /** Policy overrides (the configuration's `policy:` section). */
  policy?: Record<string, unknown>;
}

export interface RunningSandbox {
  app: App;
  url: string;
  stop(): Promise<void>;
}

/**
 * draftgate as `npm start` runs it with no platform credentials (the sandbox, the demo agent), but on the run's
 * private Redis with a unique prefix, on a free loopback port.
 */
export async function startSandboxApp(options: SandboxAppOptions = {}): Promise<RunningSandbox> {
  const config = configSchema.parse({
    redis: { url: testRedisUrl(), prefix: uniquePrefix('sandbox') },
    server: { port: 0, host: '127.0.0.1' },
    log: { level: 'silent' },
    ...(options.policy && { policy: options.policy }),
  });
  const app = await createApp({ config, env: {}, logger: pino({ level: 'silent' }), manualSweep: true });
  if (!app.modes.includes('sandbox'))
    throw new Error(`expected the sandbox mode, got ${app.modes.join(', ')}`);
  const { url } = await app.start();
  return {
    app,
    url,
    async stop() {
      await app.stop();
      await app.stores.redis?.quit().catch(() => undefined);
    },
  };
}

/**
 * Where a browser test saves a screenshot (a path under docs/, e.g. `screenshots/phone-390.png`): the committed file
 * itself with UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so the images in the repo change only when someone asks;
 * otherwise a temporary folder, so that a test run leaves the checkout clean.
 */
export function screenshotPath(docsRelative: string): string {
  const base = process.env.UPDATE_SCREENSHOTS
    ? fileURLToPath(new URL('../../docs/', import.meta.url))
    : join(tmpdir(), 'draftgate-screenshots');
  const path = join(base, docsRelative);
  mkdirSync(dirname(path), { recursive: true });
  return path;
}
