/**
 * Audit append throughput. The product's own append script (`audit.append`, the hash chain computed in Lua) and
 * its transition script (an edit: check state and version, write the draft, append the event) against a raw
 * XADD of an entry of the same fields and size, on the same server. To show what bounds the scripts, the same
 * append script is also run with its SHA-256 replaced by a constant, and SHA-256 in Lua is run alone over the
 * exact message the chain hashes. Each row: a fixed number of operations, a fixed number in flight on one
 * connection; client-side operations per second and Redis's own time per call (INFO commandstats).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import { sha256Hex } from '../../src/core/audit-hash.js';
import type { Draft } from '../../src/core/draft.js';
import type { DraftStore } from '../../src/core/ports.js';
import { systemClock } from '../../src/core/ports.js';
import { createStores } from '../../src/store/create-store.js';
import { eventToWire } from '../../src/store/event-wire.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { TEXT_1KB } from '../lib/fixtures.js';
import { redisWindow } from '../lib/redis-stats.js';

const LUA_DIR = join(process.cwd(), 'src', 'store', 'redis', 'lua');
const lua = (name: string) => readFileSync(join(LUA_DIR, `${name}.lua`), 'utf8');
const ZERO_HASH = '0'.repeat(64);

export interface AuditOptions {
  redisUrl: string;
  /** Operations per row. */
  count: number;
  concurrency: number;
}

export interface AuditRow {
  name: string;
  /** What the row isolates. */
  note: string;
  size: 'small' | '1 KB';
  /** Bytes of field names and values written per entry (0 for the hash-only row). */
  entryBytes: number;
  opsPerSecond: number;
  /** Redis's time per top-level call (µs), from INFO commandstats. */
  redisUsPerCall: number;
  command: string;
}

export interface AuditResult {
  count: number;
  concurrency: number;
  rows: AuditRow[];
  /** Bytes SHA-256 runs over per small / 1 KB entry (the chain's message). */
  hashedBytes: { small: number; large: number };
}

interface BenchScripts {
  appendNoHash(stream: string, head: string, event: string): Promise<string>;
  sha256Only(message: string): Promise<string>;
}

function event(kind: 'small' | '1 KB', draftId: string): AuditEventInput {
  const base = {
    draft_id: draftId,
    version: 2,
    actor: 'U0ALICE',
    platform: 'slack',
    workspace: 'T0BENCH',
    channel: 'C0BENCH',
    at: new Date().toISOString(),
    text_sha256: sha256Hex(TEXT_1KB),
  };
  return kind === 'small'
    ? { ...base, type: 'stale_click', detail: { action: 'approve', clicked_version: 1, state: 'pending' } }
    : { ...base, type: 'edited', detail: { text: TEXT_1KB, previous_sha256: sha256Hex('before') } };
}

/** The fields the append script writes for an event (hash and prev_hash as 64 hex characters). */
function streamFields(input: AuditEventInput): string[] {
  const wire = eventToWire(input);
  return [...Object.entries(wire).flat(), 'prev_hash', ZERO_HASH, 'hash', ZERO_HASH];
}

/** The message the chain hash runs over (audit-append.lua): `<bytes>:<value>\n` per field, then the previous hash. */
function hashedMessage(input: AuditEventInput): string {
  const wire = eventToWire(input);
  const parts = Object.values(wire).map((value) => `${Buffer.byteLength(value)}:${value}\n`);
  return `${parts.join('')}64:${ZERO_HASH}\n`;
}

async function timed(
  admin: Redis,
  command: string,
  count: number,
  concurrency: number,
  /** The i-th operation, run by `worker` (each worker runs its operations one after another). */
  op: (i: number, worker: number) => Promise<unknown>,
): Promise<{ opsPerSecond: number; usPerCall: number }> {
  let next = 0;
  const window = await redisWindow(admin, async () => {
    const started = performance.now();
    const worker = async (_: unknown, w: number) => {
      while (next < count) {
        const i = next;
        next += 1;
        await op(i, w);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return performance.now() - started;
  });
  const stat = window.stats.get(command);
  return { opsPerSecond: count / (window.value / 1000), usPerCall: stat?.usecPerCall ?? Number.NaN };
}

async function pendingDraft(store: DraftStore, id: string): Promise<Draft> {
  const now = systemClock.now();
  const draft: Draft = {
    id,
    target: { platform: 'slack', workspace: 'T0BENCH', channel: 'C0BENCH', channelName: 'eng-help' },
    requester: 'U0ALICE',
    question: 'Why is CI red?',
    agent: 'bench',
    source: 'slash',
    state: 'pending',
    version: 1,
    text: TEXT_1KB,
    originalText: TEXT_1KB,
    findings: [],
    reviews: [],
    createdAt: now,
    updatedAt: now,
    expiresAt: now + 86_400_000,
  };
  const created = await store.transition({
    id,
    create: draft,
    expiry: draft.expiresAt,
    event: { ...event('small', id), type: 'drafted', version: 1, detail: { agent: 'bench' } },
  });
  if (!created.ok) throw new Error(`could not create the draft to edit: ${created.reason}`);
  return created.draft;
}

export async function measureAuditThroughput(admin: Redis, options: AuditOptions): Promise<AuditResult> {
  const prefix = 'benchaudit';
  const keys = redisKeys(prefix);
  const stores = createStores({
    redisUrl: options.redisUrl,
    prefix,
    keepFinishedMs: 86_400_000,
    clock: systemClock,
  });
  const raw = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  raw.defineCommand('appendNoHash', {
    numberOfKeys: 2,
    lua: `local function sha256(_) return '${ZERO_HASH}' end\n${lua('audit-append')}\n${lua('append')}`,
  });
  raw.defineCommand('sha256Only', { numberOfKeys: 0, lua: `${lua('sha256')}\nreturn sha256(ARGV[1])` });
  const scripts = raw as Redis & BenchScripts;
  await stores.redis?.connect();
  const { count, concurrency } = options;
  const rows: AuditRow[] = [];
  try {
    for (const size of ['small', '1 KB'] as const) {
      const sample = event(size, 'benchdraft000000001');
      const fields = streamFields(sample);
      const entryBytes = fields.reduce((total, value) => total + Buffer.byteLength(value), 0);
      const wireJson = JSON.stringify(eventToWire(sample));
      const add = async (
        name: string,
        note: string,
        command: string,
        op: (i: number) => Promise<unknown>,
      ) => {
        const measured = await timed(admin, command, count, concurrency, op);
        rows.push({
          name,
          note,
          size,
          entryBytes: name.startsWith('SHA-256') ? 0 : entryBytes,
          opsPerSecond: measured.opsPerSecond,
          redisUsPerCall: measured.usPerCall,
          command,
        });
      };
      await add('raw XADD', 'the same fields and bytes, no script', 'xadd', () =>
        raw.xadd(`${prefix}:raw:${size}`, '*', ...fields),
      );
      await add('audit.append', 'the product script: chain hash in Lua, XADD, SET head', 'evalsha', () =>
        stores.audit.append(sample),
      );
      await add(
        'append, SHA-256 stubbed',
        'the same script with sha256() returning a constant',
        'evalsha',
        () => scripts.appendNoHash(`${prefix}:nohash:${size}`, `${prefix}:nohash-head:${size}`, wireJson),
      );
      await add('SHA-256 in Lua alone', 'EVALSHA of sha256.lua over the chain message', 'evalsha', () =>
        scripts.sha256Only(hashedMessage(sample)),
      );
    }
    // Edits through the transition script: each worker edits its own pending 1 KB draft, version after version.
    const drafts = await Promise.all(
      Array.from({ length: concurrency }, (_, i) =>
        pendingDraft(stores.drafts, `benchedit${String(i).padStart(8, '0')}`),
      ),
    );
    const versions = drafts.map((draft) => draft.version);
    const editFields = streamFields(event('1 KB', 'benchdraft000000001'));
    const measured = await timed(admin, 'evalsha', count, concurrency, async (i, slot) => {
      const draft = drafts[slot];
      const version = versions[slot];
      if (!draft || version === undefined) throw new Error('no draft to edit');
      const text = `${TEXT_1KB.slice(0, -8)}${String(i).padStart(8, '0')}`;
      const result = await stores.drafts.transition({
        id: draft.id,
        expectStates: ['pending', 'awaiting_second_approval'],
        expectVersion: version,
        set: {
          state: 'pending',
          version: version + 1,
          text,
          originalText: TEXT_1KB,
          findings: [],
          updatedAt: Date.now(),
        },
        unset: ['approvedBy', 'confirmed', 'secondApprovedBy', 'failure'],
        event: { ...event('1 KB', draft.id), version: version + 1, text_sha256: sha256Hex(text) },
      });
      if (!result.ok) throw new Error(`an edit was refused: ${result.reason}`);
      versions[slot] = result.draft.version;
    });
    rows.push({
      name: 'store.transition (edit)',
      note: 'check state and version, HSET the 1 KB draft, append the edited event',
      size: '1 KB',
      entryBytes: editFields.reduce((total, value) => total + Buffer.byteLength(value), 0),
      opsPerSecond: measured.opsPerSecond,
      redisUsPerCall: measured.usPerCall,
      command: 'evalsha',
    });
    return {
      count,
      concurrency,
      rows,
      hashedBytes: {
        small: Buffer.byteLength(hashedMessage(event('small', 'benchdraft000000001'))),
        large: Buffer.byteLength(hashedMessage(event('1 KB', 'benchdraft000000001'))),
      },
    };
  } finally {
    raw.disconnect();
    await stores.drafts.close();
    await admin.del(keys.audit, keys.head);
  }
}
