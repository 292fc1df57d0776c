/**
 * How errors appear in the logs. ioredis attaches the failed command to its errors, arguments included, and a
 * draft's text or question is an argument of the script that writes it: a failed write (a read-only replica, a
 * missing permission) would copy the text into the log line. Logged errors keep the command's name, never its
 * arguments, wherever they are nested (cause, previousErrors, lastNodeError).
 */
import { stdSerializers } from 'pino';

const MAX_DEPTH = 6;

function scrub(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'command' && item !== null && typeof item === 'object') {
      const name = (item as { name?: unknown }).name;
      out[key] = typeof name === 'string' ? { name } : '[command]';
    } else if (key === 'args' || key === 'argv') {
      out[key] = '[omitted]';
    } else {
      out[key] = scrub(item, depth + 1);
    }
  }
  return out;
}

/** pino's error serializer, without commands' arguments. */
export function serializeError(value: unknown): unknown {
  const serialized = value instanceof Error ? stdSerializers.err(value) : value;
  return scrub(serialized, 0);
}
