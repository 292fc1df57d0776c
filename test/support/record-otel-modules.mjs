/**
 * `node --import ./test/support/record-otel-modules.mjs …`: records which OpenTelemetry modules a process loads, in
 * the file named by DRAFTGATE_MODULE_LOG. Every ES module resolution under `@opentelemetry/` is appended as it
 * happens (a resolve hook), and at exit every CommonJS module in require.cache under `@opentelemetry/` too.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.DRAFTGATE_MODULE_LOG;
if (log) {
  register('./record-otel-modules-hooks.mjs', import.meta.url);
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).filter((path) => path.includes('/@opentelemetry/'));
    appendFileSync(log, loaded.map((path) => `require ${path}\n`).join(''));
  });
}
