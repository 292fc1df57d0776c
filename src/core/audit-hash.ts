import { createHash } from 'node:crypto';
import { HASHED_FIELDS } from './audit-event.js';

/**
 * The chain hash: sha256 over every hashed field as `<byte length>:<value>\n`, in HASHED_FIELDS order, the last
 * being prev_hash. The Redis store computes the same inside its Lua script (src/store/redis/lua/audit-append.lua).
 */
export function chainHash(fields: Readonly<Record<(typeof HASHED_FIELDS)[number], string>>): string {
  const hash = createHash('sha256');
  for (const name of HASHED_FIELDS) {
    const value = fields[name];
    hash.update(`${Buffer.byteLength(value)}:${value}\n`);
  }
  return hash.digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
