/** Module hooks for record-otel-modules.mjs: logs every resolved ES module URL under `@opentelemetry/`. */
import { appendFileSync } from 'node:fs';

const log = process.env.DRAFTGATE_MODULE_LOG;

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (log && result.url.includes('/@opentelemetry/')) appendFileSync(log, `import ${result.url}\n`);
  return result;
}
