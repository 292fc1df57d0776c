/**
 * The in-memory DraftStore and AuditLog, with the same semantics as the Redis store: the same record layout
 * (draft-codec), the same checks, the same chain hash. Single process only: for the sandbox and development.
 */

import type { ChainPoint, Checkpoint } from '../../core/audit-checkpoint.js';
import type { AuditEntry, AuditEventInput, AuditEventType } from '../../core/audit-event.js';
import { CHAIN_VERSION, GENESIS_HASH } from '../../core/audit-event.js';
import { entryDigest, linkHash } from '../../core/audit-hash.js';
import type { Draft, ReviewRef } from '../../core/draft.js';
import type {
  AuditLog,
  AuditQuery,
  Clock,
  DraftStore,
  OpenIndex,
  SweepSpec,
  TransitionResult,
  TransitionSpec,
} from '../../core/ports.js';
import type { ResolvedSweep, SweepRule } from '../../core/transitions.js';
import { resolveSweep, SWEEPS } from '../../core/transitions.js';
import { decodeDraft, encodeDraftFields, REVIEW_FIELD_PREFIX } from '../draft-codec.js';
import { eventToWire } from '../event-wire.js';
import { inOpenIndex, openIndexesOf, openIndexName } from '../open-index.js';

type Index = Map<string, number>;

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  #head = GENESIS_HASH;
  #lastMs = 0;
  #seq = 0;
  #waiters: (() => void)[] = [];
  #added = 0;
  #base: Checkpoint | undefined;

  constructor(private readonly clock: Clock) {}

  async append(event: AuditEventInput): Promise<string> {
    return this.appendSync(event);
  }

  appendSync(event: AuditEventInput): string {
    const wire = eventToWire(event);
    const hash = linkHash(this.#head, entryDigest(wire));
    const now = Math.max(this.clock.now(), this.#lastMs);
    this.#seq = now === this.#lastMs ? this.#seq + 1 : 0;
    this.#lastMs = now;
    const id = `${now}-${this.#seq}`;
    this.entries.push({ id, ...wire, hv: CHAIN_VERSION, prev_hash: this.#head, hash });
    this.#head = hash;
    this.#added++;
    for (const wake of this.#waiters.splice(0)) wake();
    return id;
  }

  async range(query: AuditQuery): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    for (const entry of this.entries) {
      const ms = Number(entry.id.split('-')[0]);
      if (query.since !== undefined && ms < query.since) continue;
      if (query.until !== undefined && ms > query.until) continue;
      if (query.draftId !== undefined && entry.draft_id !== query.draftId) continue;
      out.push(entry);
      if (query.limit !== undefined && out.length >= query.limit) break;
    }
    return out;
  }

  async *walk(): AsyncIterable<AuditEntry> {
    for (const entry of [...this.entries]) yield entry;
  }

  async head(): Promise<string> {
    return this.#head;
  }

  async chainState(): Promise<ChainPoint | undefined> {
    const last = this.entries.at(-1);
    return last ? { id: last.id, count: this.#added, head: this.#head } : undefined;
  }

  async base(): Promise<Checkpoint | undefined> {
    return this.#base;
  }

  async trimTo(base: Checkpoint): Promise<number> {
    const index = this.entries.findIndex((entry) => entry.id === base.id);
    if (index < 0 || this.entries[index]?.hash !== base.head) {
      throw new Error('the entry to archive up to is gone or changed; nothing was trimmed');
    }
    this.#base = base;
    return this.entries.splice(0, index + 1).length;
  }

  async follow(afterId: string, blockMs: number): Promise<AuditEntry[]> {
    const after = (): AuditEntry[] => {
      if (afterId === '$') return [];
      return this.entries.filter((e) => compareIds(e.id, afterId) > 0);
    };
    const ready = after();
    if (ready.length > 0 || blockMs <= 0) return ready;
    const start = this.entries.length;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, blockMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return afterId === '$' ? this.entries.slice(start) : after();
  }
}

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am === bm ? as - bs : am - bm;
}

export class MemoryDraftStore implements DraftStore {
  readonly #records = new Map<string, Record<string, string>>();
  readonly #expiresAt = new Map<string, number>();
  readonly #expiry: Index = new Map();
  readonly #warn: Index = new Map();
  readonly #lease: Index = new Map();
  readonly #retract: Index = new Map();
  readonly #unknown: Index = new Map();
  readonly #once = new Map<string, number>();
  /** Open-draft indexes by name (see ../open-index.ts), and the names each draft is in now. */
  readonly #open = new Map<string, Index>();
  readonly #openOf = new Map<string, string[]>();

  constructor(
    private readonly audit: MemoryAuditLog,
    private readonly clock: Clock,
    private readonly keepFinishedMs: number,
  ) {}

  #record(id: string): Record<string, string> | undefined {
    const until = this.#expiresAt.get(id);
    if (until !== undefined && until <= this.clock.now()) {
      this.#records.delete(id);
      this.#expiresAt.delete(id);
    }
    return this.#records.get(id);
  }

  async get(id: string): Promise<Draft | undefined> {
    const record = this.#record(id);
    return record ? decodeDraft(record) : undefined;
  }

  async transition(spec: TransitionSpec): Promise<TransitionResult> {
    const current = this.#record(spec.id);
    const currentDraft = current ? decodeDraft(current) : undefined;
    if (spec.create) {
      if (currentDraft) return { ok: false, reason: 'exists', draft: currentDraft };
    } else {
      if (!current || !currentDraft) return { ok: false, reason: 'not_found' };
      if (!(spec.expectStates ?? []).includes(currentDraft.state)) {
        return { ok: false, reason: 'state', draft: currentDraft };
      }
      if (spec.expectVersion !== undefined && current.version !== String(spec.expectVersion)) {
        return { ok: false, reason: 'version', draft: currentDraft };
      }
      if (spec.expectExpiresAt !== undefined && current.expiresAt !== String(spec.expectExpiresAt)) {
        return { ok: false, reason: 'version', draft: currentDraft };
      }
    }
    const record = { ...(current ?? {}) };
    for (const name of spec.unset ?? []) delete record[name];
    const pairs = encodeDraftFields(spec.create ?? spec.set ?? {});
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i];
      const value = pairs[i + 1];
      if (key !== undefined && value !== undefined) record[key] = value;
    }
    this.#records.set(spec.id, record);
    schedule(this.#expiry, spec.id, spec.expiry);
    schedule(this.#warn, spec.id, spec.warn);
    schedule(this.#lease, spec.id, spec.lease);
    schedule(this.#retract, spec.id, spec.retractDeadline);
    schedule(this.#unknown, spec.id, spec.unknownIndex);
    if (spec.ttlMs !== undefined) this.#expiresAt.set(spec.id, this.clock.now() + spec.ttlMs);
    let eventId = '';
    for (const event of [spec.event, ...(spec.also ?? [])]) eventId = this.audit.appendSync(event);
    const draft = decodeDraft(record);
    if (!draft)
      throw new Error(`draft ${spec.id} has no meta: a transition without create on a missing draft`);
    this.#syncOpen(draft);
    return { ok: true, draft, eventId };
  }

  /** Claims the due entries of one deadline index and applies the table's sweep rule to each (see transitions.ts). */
  #sweep(index: Index, spec: SweepSpec, sweep: SweepRule): Draft[] {
    const rule: ResolvedSweep = resolveSweep(sweep, this.keepFinishedMs);
    const due = [...index.entries()]
      .filter(([, at]) => at <= spec.now)
      .sort((a, b) => a[1] - b[1])
      .slice(0, spec.limit);
    const out: Draft[] = [];
    for (const [id] of due) {
      index.delete(id);
      const record = this.#record(id);
      const draft = record ? decodeDraft(record) : undefined;
      if (!record || !draft || !rule.from.includes(draft.state)) continue;
      if (rule.event && !rule.to)
        this.audit.appendSync(sweepEvent(rule.event, id, draft, spec, record, rule));
      if (rule.to && rule.event) {
        record.state = rule.to;
        record.updatedAt = String(spec.now);
        if (rule.ttlMs !== undefined) this.#expiresAt.set(id, spec.now + rule.ttlMs);
        if (rule.joinsUnknown) this.#unknown.set(id, spec.now);
        this.audit.appendSync(sweepEvent(rule.event, id, draft, spec, record, rule));
      }
      const after = decodeDraft(record);
      if (after) {
        this.#syncOpen(after);
        out.push(after);
      }
    }
    return out;
  }

  async expireDue(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#expiry, spec, SWEEPS.expire);
  }

  async reclaimLeases(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#lease, spec, SWEEPS.reclaimLeases);
  }

  async claimExpiryWarnings(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#warn, spec, SWEEPS.warnExpiry);
  }

  async claimRetractEnded(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#retract, spec, SWEEPS.closeRetractWindows);
  }

  /** Puts the draft in the open indexes its state calls for, and takes it out of the others. */
  #syncOpen(draft: Draft): void {
    for (const name of this.#openOf.get(draft.id) ?? []) this.#open.get(name)?.delete(draft.id);
    const names = openIndexesOf(draft);
    for (const name of names) {
      const index = this.#open.get(name) ?? new Map<string, number>();
      index.set(draft.id, draft.expiresAt);
      this.#open.set(name, index);
    }
    if (names.length > 0) this.#openOf.set(draft.id, names);
    else this.#openOf.delete(draft.id);
  }

  async listOpen(index: OpenIndex, limit: number): Promise<Draft[]> {
    const entries = [...(this.#open.get(openIndexName(index)) ?? new Map<string, number>()).entries()];
    const ids = entries.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, limit);
    const drafts = await Promise.all(ids.map(([id]) => this.get(id)));
    return drafts.filter((d): d is Draft => d !== undefined && inOpenIndex(d, index));
  }

  async listPublishUnknown(limit: number): Promise<Draft[]> {
    const ids = [...this.#unknown.entries()].sort((a, b) => a[1] - b[1]).slice(0, limit);
    const drafts = await Promise.all(ids.map(([id]) => this.get(id)));
    return drafts.filter((d): d is Draft => d !== undefined && d.state === 'publish_unknown');
  }

  async attachReview(id: string, review: ReviewRef): Promise<boolean> {
    const record = this.#record(id);
    if (!record) return false;
    record[`${REVIEW_FIELD_PREFIX}${review.user}`] = JSON.stringify(review);
    return true;
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const until = this.#once.get(key);
    if (until !== undefined && until > now) return false;
    this.#once.set(key, now + ttlMs);
    return true;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

/** The event a sweep writes for a claimed draft (actor `system`), like sweep.lua builds it. */
function sweepEvent(
  type: AuditEventType,
  id: string,
  draft: Draft,
  spec: SweepSpec,
  record: Record<string, string>,
  rule: ResolvedSweep,
): AuditEventInput {
  return {
    type,
    draft_id: id,
    version: draft.version,
    actor: 'system',
    platform: draft.target.platform,
    workspace: draft.target.workspace,
    channel: draft.target.channel,
    at: spec.at,
    text_sha256: record.text_sha256 ?? '',
    detail: { from: draft.state, reason: rule.reason },
  };
}

function schedule(index: Index, id: string, value: number | null | undefined): void {
  if (value === undefined) return;
  if (value === null) index.delete(id);
  else index.set(id, value);
}
