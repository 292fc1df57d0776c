/**
 * Audit append throughput. The product's own append (`audit.append`: the chain link computed in Node on the head
 * it predicted, the script checking that head) and its transition script (an edit: check state and version, write
 * the draft, append the event) against a raw XADD of an entry of the same fields and size, on the same server. To
 * show what a missed prediction costs, the same append script is run without a hint (it links in Lua), with its
 * SHA-256 replaced by a constant, and SHA-256 in Lua is run alone over the exact message the chain hashes. Each row: a fixed number of operations, a fixed number in flight on one
 * connection; client-side operations per second and Redis's own time per call (INFO commandstats).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import type { AuditEventInput } from '../../src/core/audit-event.js';
import { ENTRY_FIELDS } from '../../src/core/audit-event.js';
import { entryDigest, sha256Hex } from '../../src/core/audit-hash.js';
import type { Draft } from '../../src/core/draft.js';
import type { DraftStore } from '../../src/core/ports.js';
import { systemClock } from '../../src/core/ports.js';
import { createStores } from '../../src/store/create-store.js';
import { appendArgs, eventToScript, eventToWire } from '../../src/store/event-wire.js';
import { chainLinkLua } from '../../src/store/redis/chain-link-lua.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { TEXT_1KB } from '../lib/fixtures.js';
import { redisWindow } from '../lib/redis-stats.js';
import { summarize } from '../lib/stats.js';

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
  appendNoHash(stream: string, head: string, op: string, ...event: string[]): Promise<string>;
  linkOnly(prev: string, digest: string): Promise<string>;
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

/** The fields the append script writes for an event (hv, then hash and prev_hash as 64 hex characters). */
function streamFields(input: AuditEventInput): string[] {
  const wire = eventToWire(input);
  return [...Object.entries(wire).flat(), 'hv', '2', 'prev_hash', ZERO_HASH, 'hash', ZERO_HASH];
}

/** Chain v2: the Lua hashes 64 bytes (prev_hash ‖ entry_digest) whatever the entry's size. */
function hashedMessage(_input: AuditEventInput): string {
  return 'x'.repeat(64);
}

/** Rounds of the raw XADD and audit.append rows, alternated; each row reports the median round. */
export const PAIRED_ROUNDS = 5;

interface Measured {
  opsPerSecond: number;
  usPerCall: number;
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
  const fieldsLua = `local ENTRY_FIELDS = {${ENTRY_FIELDS.map((name) => `'${name}'`).join(', ')}}\n`;
  raw.defineCommand('appendNoHash', {
    numberOfKeys: 2,
    lua: `${fieldsLua}local function chain_link(_, _) return '${ZERO_HASH}' end\n${lua('audit-append')}\n${lua('append')}`,
  });
  raw.defineCommand('linkOnly', {
    numberOfKeys: 0,
    lua: `${chainLinkLua()}\nreturn chain_link(ARGV[1], ARGV[2])`,
  });
  const scripts = raw as Redis & BenchScripts;
  const product = stores.redis;
  if (!product) throw new Error('the audit benchmark needs the Redis store');
  await product.connect();
  const { count, concurrency } = options;
  const rows: AuditRow[] = [];
  try {
    for (const size of ['small', '1 KB'] as const) {
      const sample = event(size, 'benchdraft000000001');
      const fields = streamFields(sample);
      const entryBytes = fields.reduce((total, value) => total + Buffer.byteLength(value), 0);
      const scriptArgs = appendArgs(eventToScript(sample));
      const digest = entryDigest(eventToWire(sample));
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
      // The two rows the issue-13 target compares are measured in alternating rounds and reported as medians, so
      // that a change in the host's speed between two rows cannot make up the ratio.
      const paired = { raw: [] as Measured[], append: [] as Measured[] };
      for (let round = 0; round < PAIRED_ROUNDS; round += 1) {
        for (const which of round % 2 === 0 ? (['raw', 'append'] as const) : (['append', 'raw'] as const)) {
          paired[which].push(
            which === 'raw'
              ? await timed(admin, 'xadd', count, concurrency, () =>
                  raw.xadd(`${prefix}:raw:${size}`, '*', ...fields),
                )
              : await timed(admin, 'evalsha', count, concurrency, () => stores.audit.append(sample)),
          );
        }
      }
      const medianRow = (name: string, note: string, command: string, runs: readonly Measured[]) =>
        rows.push({
          name,
          note,
          size,
          entryBytes,
          opsPerSecond: summarize(runs.map((run) => run.opsPerSecond)).p50,
          redisUsPerCall: summarize(runs.map((run) => run.usPerCall)).p50,
          command,
        });
      medianRow('raw XADD', 'the same fields and bytes, no script', 'xadd', paired.raw);
      medianRow(
        'audit.append',
        'the product path: Node links the digests on the head it predicted (chain-predictor.ts); the script checks the head, XADD, SET head',
        'evalsha',
        paired.append,
      );
      await add(
        'audit.append, head not predicted',
        'the same script when the prediction missed (another replica appended first): it links the digests in Lua',
        'evalsha',
        () => product.dgAppend(keys.audit, keys.head, randomUUID(), ...scriptArgs),
      );
      await add(
        'append, SHA-256 stubbed',
        'the same script with chain_link() returning a constant',
        'evalsha',
        () =>
          scripts.appendNoHash(
            `${prefix}:nohash:${size}`,
            `${prefix}:nohash-head:${size}`,
            '',
            ...scriptArgs,
          ),
      );
      await add(
        'SHA-256 in Lua alone',
        'EVALSHA of the chain v2 link: SHA-256 of 64 bytes (two blocks)',
        'evalsha',
        () => scripts.linkOnly(ZERO_HASH, digest),
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
