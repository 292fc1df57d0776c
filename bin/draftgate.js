#!/usr/bin/env node
// The `draftgate` command: runs the compiled JavaScript in dist/ (built by `npm run build`, by `npm start`, and
// before `npm pack`). In a checkout that has never been built it falls back to the TypeScript sources through
// tsx, a dev dependency.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/src/cli/run.js', import.meta.url);
const source = new URL('../src/cli/run.ts', import.meta.url);
if (existsSync(fileURLToPath(compiled))) {
  await import(compiled.href);
} else if (existsSync(fileURLToPath(source))) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    console.error('draftgate: dist/ is not built and tsx is not installed; run `npm ci && npm run build`');
    process.exit(1);
  }
  await import(source.href);
} else {
  console.error('draftgate: dist/ is missing from this installation; reinstall the package');
  process.exit(1);
}
