#!/usr/bin/env node
// The `draftgate` command. In a checkout it runs the TypeScript sources through tsx; in a built image (no src/),
// the compiled files in dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = new URL('../src/cli/run.ts', import.meta.url);
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/src/cli/run.js', import.meta.url).href);
}
