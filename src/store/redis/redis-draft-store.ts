/** DraftStore on Redis: one hash per draft, every transition one Lua script that also appends its audit event. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Draft, ReviewRef } from '../../core/draft.js';
import type { DraftStore, OpenIndex, SweepSpec, TransitionResult, TransitionSpec } from '../../core/ports.js';
import type { SweepRule } from '../../core/transitions.js';
import { resolveSweep, SWEEPS } from '../../core/transitions.js';
import { decodeDraft, decodeDraftPairs, encodeDraftFields, REVIEW_FIELD_PREFIX } from '../draft-codec.js';
import { eventToScript } from '../event-wire.js';
import { inOpenIndex, openIndexName } from '../open-index.js';
import type { ChainHeadPredictor } from './chain-predictor.js';
import type { RedisKeys } from './keys.js';
import type { ScriptedRedis } from './scripts.js';

export interface RedisDraftStoreOptions {
  redis: ScriptedRedis;
  keys: RedisKeys;
  /** How long finished drafts stay readable (ms). */
  keepFinishedMs: number;
  /** Shared with the audit log on the same client: both append to the one chain. */
  chain: ChainHeadPredictor;
}

function deadlineOp(value: number | null | undefined): string | null {
  if (value === undefined) return null;
  return value === null ? 'del' : String(value);
}

export class RedisDraftStore implements DraftStore {
  readonly #redis: ScriptedRedis;
  readonly #keys: RedisKeys;
  readonly #keepFinishedMs: number;
  readonly #chain: ChainHeadPredictor;

  constructor(options: RedisDraftStoreOptions) {
    this.#redis = options.redis;
    this.#keys = options.keys;
    this.#keepFinishedMs = options.keepFinishedMs;
    this.#chain = options.chain;
  }

  async get(id: string): Promise<Draft | undefined> {
    const record = await this.#redis.hgetall(this.#keys.draft(id));
    return decodeDraft(record);
  }

  async listOpen(index: OpenIndex, limit: number): Promise<Draft[]> {
    const key = `${this.#keys.openPrefix}${openIndexName(index)}`;
    const ids = await this.#redis.zrange(key, 0, String(Math.max(0, limit - 1)));
    const drafts = await Promise.all(ids.map((id) => this.get(id)));
    return drafts.filter((d): d is Draft => d !== undefined && inOpenIndex(d, index));
  }

  async reindexOpen(): Promise<number> {
    const batch = 500;
    let checked = 0;
    for (let start = 0; ; start += batch) {
      const k = this.#keys;
      const n = await this.#redis.dgReindexOpen(
        k.expiry,
        k.draftPrefix,
        k.openPrefix,
        String(start),
        String(start + batch - 1),
      );
      checked += n;
      if (n < batch) return checked;
    }
  }

  async transition(spec: TransitionSpec): Promise<TransitionResult> {
    const set = spec.create ? encodeDraftFields(spec.create) : encodeDraftFields(spec.set ?? {});
    const { ticket, events } = this.#chain.sendEvents([spec.event, ...(spec.also ?? [])].map(eventToScript));
    const wire = {
      id: spec.id,
      // An operation id: the script recognizes a retry of itself (after a lost reply or a failover) as done.
      op: randomUUID(),
      create: spec.create !== undefined,
      states: spec.expectStates ?? [],
      version: spec.expectVersion === undefined ? null : String(spec.expectVersion),
      expires: spec.expectExpiresAt === undefined ? null : String(spec.expectExpiresAt),
      set,
      unset: (spec.unset ?? []).map(String),
      expiry: deadlineOp(spec.expiry),
      warn: deadlineOp(spec.warn),
      lease: deadlineOp(spec.lease),
      retract: deadlineOp(spec.retractDeadline),
      unknown: deadlineOp(spec.unknownIndex),
      ttl: spec.ttlMs ?? null,
      events,
      open: this.#keys.openPrefix,
    };
    const k = this.#keys;
    let reply: [string, string, string[], string];
    try {
      reply = await this.#redis.dgTransition(
        k.draft(spec.id),
        k.audit,
        k.head,
        k.expiry,
        k.lease,
        k.retract,
        k.unknown,
        k.warn,
        JSON.stringify(wire),
      );
    } catch (error) {
      this.#chain.settle(ticket, undefined);
      throw error;
    }
    const [status, detail, pairs, head] = reply;
    this.#chain.settle(ticket, head);
    const draft = decodeDraftPairs(pairs);
    if (status === 'ok' && draft) return { ok: true, draft, eventId: detail };
    const reason = detail === 'exists' || detail === 'state' || detail === 'version' ? detail : 'not_found';
    return draft ? { ok: false, reason, draft } : { ok: false, reason };
  }

  /** Runs sweep.lua over one deadline index with the table's sweep rule (see transitions.ts). */
  async #sweep(zset: string, spec: SweepSpec, sweep: SweepRule): Promise<Draft[]> {
    const rule = resolveSweep(sweep, this.#keepFinishedMs);
    const wire = {
      from: rule.from,
      to: rule.to ?? null,
      type: rule.event ?? '',
      reason: rule.reason ?? '',
      ttl: rule.ttlMs ?? null,
      index: rule.joinsUnknown,
      open: this.#keys.openPrefix,
    };
    const ids = await this.#redis.dgSweep(
      zset,
      this.#keys.audit,
      this.#keys.head,
      this.#keys.unknown,
      String(spec.now),
      String(spec.limit),
      spec.at,
      this.#keys.draftPrefix,
      JSON.stringify(wire),
    );
    const drafts = await Promise.all(ids.map((id) => this.get(id)));
    return drafts.filter((d): d is Draft => d !== undefined);
  }

  expireDue(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#keys.expiry, spec, SWEEPS.expire);
  }

  reclaimLeases(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#keys.lease, spec, SWEEPS.reclaimLeases);
  }

  claimExpiryWarnings(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#keys.warn, spec, SWEEPS.warnExpiry);
  }

  claimRetractEnded(spec: SweepSpec): Promise<Draft[]> {
    return this.#sweep(this.#keys.retract, spec, SWEEPS.closeRetractWindows);
  }

  async listPublishUnknown(limit: number): Promise<Draft[]> {
    const ids = await this.#redis.zrange(this.#keys.unknown, 0, String(limit - 1));
    const drafts = await Promise.all(ids.map((id) => this.get(id)));
    return drafts.filter((d): d is Draft => d !== undefined && d.state === 'publish_unknown');
  }

  async attachReview(id: string, review: ReviewRef): Promise<boolean> {
    const done = await this.#redis.dgAttach(
      this.#keys.draft(id),
      `${REVIEW_FIELD_PREFIX}${review.user}`,
      JSON.stringify(review),
    );
    return done === 1;
  }

  async claimOnce(key: string, ttlMs: number): Promise<boolean> {
    // A unique value and SET NX GET: a retry after a lost reply sees its own value and still counts as the claim.
    const token = randomUUID();
    const previous = await this.#redis.set(this.#keys.once(key), token, 'PX', ttlMs, 'NX', 'GET');
    return previous === null || previous === token;
  }

  async ping(): Promise<void> {
    await this.#redis.ping();
  }

  async close(): Promise<void> {
    await this.#redis.quit();
  }
}

export type { Redis };
