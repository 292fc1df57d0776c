/**
 * Signed checkpoints and retention on the real Redis store: a checkpoint kept outside Redis catches truncation and a
 * chain rewritten by someone without the key (which a plain hash chain cannot); `audit archive` writes the old
 * entries, trims the stream behind a signed base, and verify passes on the live log alone and on archive + live.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveAudit } from '../../src/audit/archive.js';
import { fileSink } from '../../src/audit/checkpoint-sinks.js';
import { Checkpointer } from '../../src/audit/checkpointer.js';
import { auditVerify } from '../../src/cli/audit-verify-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { generateAuditKeys, parseAuditPrivateKey } from '../../src/core/audit-checkpoint.js';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import { entryDigest, linkHash } from '../../src/core/audit-hash.js';
import { systemClock } from '../../src/core/ports.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEvent } from '../../testkit/audit-events.js';
import { testRedisUrl } from '../support/redis.js';
import { testStores } from '../support/stores.js';

const keys = generateAuditKeys();
const otherKeys = generateAuditKeys();

function event(n: number): AuditEventInput {
  return auditEvent({ draft_id: `d${n}`, detail: { reason: 'not_requester', n } });
}

function cliIo(): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return {
    argv: [],
    env: {},
    cwd: process.cwd(),
    stdin: new PassThrough(),
    stdout,
    stderr,
    out: () => out,
    err: () => err,
  };
}

describe('signed checkpoints and retention', () => {
  let stores: Awaited<ReturnType<typeof testStores>>;
  let raw: Redis;
  let dir: string;
  let stream: string;
  let checkpointer: Checkpointer;
  let file: string;

  beforeEach(async () => {
    stores = await testStores('redis', systemClock);
    raw = new Redis(testRedisUrl());
    dir = mkdtempSync(join(tmpdir(), 'draftgate-audit-'));
    stream = redisKeys(stores.prefix).audit;
    file = join(dir, 'checkpoints.jsonl');
    checkpointer = new Checkpointer({
      audit: stores.audit,
      stream,
      key: parseAuditPrivateKey(keys.privateKey),
      sinks: [fileSink(file)],
      clock: systemClock,
    });
  });
  afterEach(async () => {
    raw.disconnect();
    await stores.drafts.close();
  });

  const verify = async (options: { checkpoints?: string; publicKey?: string; archives?: string[] } = {}) => {
    const io = cliIo();
    const code = await auditVerify(io, stores.audit, { stream, ...options });
    return { code, out: io.out(), err: io.err() };
  };

  it('detects truncation after a checkpoint, which the chain alone cannot', async () => {
    for (let n = 0; n < 4; n++) await stores.audit.append(event(n));
    const signed = await checkpointer.checkpoint();
    expect(signed).toMatchObject({ count: 4 });
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
    for (let n = 4; n < 6; n++) await stores.audit.append(event(n));
    expect((await verify({ checkpoints: file, publicKey: keys.publicKey })).code).toBe(0);

    // Drop the newest entries from the checkpoint on, and set the head back: a valid, shorter chain.
    const entries = await stores.audit.range({});
    const keep = entries.slice(0, 3);
    for (const entry of entries.slice(3)) await raw.xdel(stream, entry.id);
    await raw.set(redisKeys(stores.prefix).head, keep.at(-1)?.hash ?? '');
    expect((await verify()).code).toBe(0);

    const result = await verify({ checkpoints: file, publicKey: keys.publicKey });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /truncated: the chain ends at .* but a checkpoint signed at .* covers entry .*number 4/,
    );
  });

  it('detects a chain rewritten without the key, through the checkpoint entries and the checkpoint file', async () => {
    for (let n = 0; n < 3; n++) await stores.audit.append(event(n));
    await checkpointer.checkpoint();
    for (let n = 3; n < 5; n++) await stores.audit.append(event(n));
    const entries = await stores.audit.range({});

    // Someone with Redis access rewrites entry 1 and recomputes every hash after it, and the head.
    await raw.del(stream);
    let head = '0'.repeat(64);
    for (const [i, entry] of entries.entries()) {
      const fields = { ...entry, actor: i === 1 ? 'U-forged' : entry.actor, prev_hash: head };
      const hash = linkHash(head, entryDigest(fields));
      const { id: _id, hash: _hash, ...rest } = { ...fields, hash };
      await raw.xadd(stream, entry.id, ...Object.entries({ ...rest, hash }).flat());
      head = hash;
    }
    await raw.set(redisKeys(stores.prefix).head, head);

    const inStream = await verify({ publicKey: keys.publicKey });
    expect(inStream.code).toBe(1);
    expect(inStream.err).toContain('the chain was rewritten');
    const external = await verify({ checkpoints: file, publicKey: keys.publicKey });
    expect(external.code).toBe(1);
    expect(external.err).toContain('the chain was rewritten');

    // A checkpoint forged with another key does not verify with the real public key.
    const forged = new Checkpointer({
      audit: stores.audit,
      stream,
      key: parseAuditPrivateKey(otherKeys.privateKey),
      sinks: [],
      clock: systemClock,
    });
    const fake = await forged.checkpoint();
    const forgedFile = join(dir, 'forged.jsonl');
    writeFileSync(forgedFile, `${JSON.stringify(fake)}\n`);
    const byForgery = await verify({ checkpoints: forgedFile, publicKey: keys.publicKey });
    expect(byForgery.code).toBe(1);
    expect(byForgery.err).toMatch(/does not verify with the given public key/);
  });

  it('archives old entries, trims the stream behind a signed base, and verifies live alone and archive + live', async () => {
    for (let n = 0; n < 5; n++) await stores.audit.append(event(n));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let n = 5; n < 8; n++) await stores.audit.append(event(n));
    const out = join(dir, 'old.jsonl.gz');

    const result = await archiveAudit({
      audit: stores.audit,
      stream,
      key: parseAuditPrivateKey(keys.privateKey),
      beforeMs: before,
      out,
      clock: systemClock,
    });
    expect(result).toMatchObject({ archived: 5, trimmed: 5 });
    expect(existsSync(out)).toBe(true);
    expect(await raw.xlen(stream)).toBe(3);
    expect(await stores.audit.base()).toMatchObject({ count: 5 });

    const live = await verify({ publicKey: keys.publicKey });
    expect(live.out).toMatch(/^ok: 3 entries from the base at .* \(entry 5\), 8 in all/);
    expect(live.code).toBe(0);
    const all = await verify({ publicKey: keys.publicKey, archives: [out] });
    expect(all.out).toMatch(/^ok: 8 entries from the genesis, 8 in all/);
    expect(all.code).toBe(0);

    // An archived entry altered in the file is caught end to end.
    const lines = gunzipSync(readFileSync(out)).toString().split('\n');
    lines[2] = lines[2]?.replace('"U1"', '"U9"') ?? '';
    const altered = join(dir, 'altered.jsonl.gz');
    writeFileSync(altered, gzipSync(lines.join('\n')));
    const broken = await verify({ publicKey: keys.publicKey, archives: [altered] });
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('the entry was modified');

    // A second archive continues from the first one's base.
    const second = join(dir, 'next.jsonl.gz');
    await archiveAudit({
      audit: stores.audit,
      stream,
      key: parseAuditPrivateKey(keys.privateKey),
      beforeMs: Date.now() + 1,
      out: second,
      clock: systemClock,
    });
    expect(await raw.xlen(stream)).toBe(0);
    expect((await verify({ publicKey: keys.publicKey, archives: [second, out] })).code).toBe(0);
  });
});
