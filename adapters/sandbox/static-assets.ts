/**
 * The sandbox page: plain HTML, CSS and one vanilla script, read once from `public/` beside this module.
 * No front-end build step. A strict Content-Security-Policy allows only these same-origin files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../../src/server/route.js';

const FILES = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/sandbox/static/sandbox.css': { file: 'sandbox.css', type: 'text/css; charset=utf-8' },
  '/sandbox/static/sandbox.js': { file: 'sandbox.js', type: 'text/javascript; charset=utf-8' },
} as const;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * `public/` beside the compiled or source module. A build that emits to `dist/` without copying it falls back to
 * the checkout's `adapters/sandbox/public`.
 */
export function findPublicDir(): string {
  const candidates = [
    fileURLToPath(new URL('./public/', import.meta.url)),
    fileURLToPath(new URL('../../../adapters/sandbox/public/', import.meta.url)),
  ];
  for (const dir of candidates) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error(
    `the sandbox page files are missing (looked in ${candidates.join(' and ')}); copy adapters/sandbox/public next to the built adapter`,
  );
}

export function staticRoutes(publicDir: string = findPublicDir()): Route[] {
  return Object.entries(FILES).map(([path, { file, type }]) => {
    const body = readFileSync(join(publicDir, file));
    return {
      method: 'GET' as const,
      path,
      async handle(_req, res) {
        res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...SECURITY_HEADERS });
        res.end(body);
      },
    };
  });
}
