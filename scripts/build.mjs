#!/usr/bin/env node
// `npm run build`: compiles src/ and adapters/ to dist/ with tsc, then copies the runtime files that live beside
// the modules (Lua scripts, the sandbox page). `--if-needed` (used by `npm start`) builds only when dist/ is
// missing or older than a source file, and does nothing in an installed package (no src/).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const SOURCES = ['src', 'adapters', 'types', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function assets(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...assets(path));
    else if (!entry.name.endsWith('.ts') && !entry.name.endsWith('.md')) found.push(path);
  }
  return found;
}

if (process.argv.includes('--if-needed')) {
  if (!existsSync(join(root, 'src'))) process.exit(0);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map((s) => newestMtime(join(root, s))))) process.exit(0);
  console.error('draftgate: building dist/ from the TypeScript sources (npm run build)…');
}

const tscBin = join(root, 'node_modules/typescript/bin/tsc');
if (!existsSync(tscBin)) {
  console.error('draftgate: TypeScript is not installed, so dist/ cannot be built; run `npm ci` first');
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [tscBin, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) {
  console.error('draftgate: the TypeScript build failed; fix the errors above');
  process.exit(1);
}
for (const dir of ['src', 'adapters']) {
  for (const file of assets(join(root, dir))) {
    const target = join(dist, relative(root, file));
    cpSync(file, target);
  }
}
writeFileSync(stamp, `${new Date().toISOString()}\n`);
