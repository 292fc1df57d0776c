import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl } from '../support/redis.js';

const sha256Lua = readFileSync(new URL('../../src/store/redis/lua/sha256.lua', import.meta.url), 'utf8');

describe('sha256 in Redis Lua', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());

  it('matches node:crypto for empty, boundary-length, multi-block and non-ASCII inputs', async () => {
    const inputs = [
      '',
      'abc',
      'a'.repeat(55),
      'b'.repeat(56),
      'c'.repeat(64),
      'd'.repeat(119),
      'ünïcødé ✓ 日本',
      randomBytes(700).toString('base64'),
    ];
    for (const input of inputs) {
      const fromLua = await redis.eval(`${sha256Lua}\nreturn sha256(ARGV[1])`, 0, input);
      expect(fromLua, `input of length ${input.length}`).toBe(
        createHash('sha256').update(input).digest('hex'),
      );
    }
  });
});
