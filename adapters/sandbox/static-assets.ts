/**
 * The sandbox page: plain HTML, CSS and vanilla ES modules, read once from `public/` beside this module.
 * No front-end build step. A strict Content-Security-Policy allows only these same-origin files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from '../../src/server/route.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

/** `/` is the page; every other file of `public/` is served under `/sandbox/static/` (the page's ES modules). */
function publicFiles(publicDir: string): Record<string, { file: string; type: string }> {
  const files: Record<string, { file: string; type: string }> = {
    '/': { file: 'index.html', type: TYPES['.html'] ?? 'text/html' },
  };
  for (const file of readdirSync(publicDir).sort()) {
    const type = TYPES[extname(file)];
    if (type && file !== 'index.html') files[`/sandbox/static/${file}`] = { file, type };
  }
  return files;
}

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
  return Object.entries(publicFiles(publicDir)).map(([path, { file, type }]) => {
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
