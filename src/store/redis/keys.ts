/**
 * Redis key names. The audit stream keeps the documented name `<prefix>:audit`; every other key carries the hash
 * tag `{<prefix>:audit}`, so on Redis Cluster all of them hash to the stream's slot and the multi-key scripts work.
 */
export interface RedisKeys {
  audit: string;
  head: string;
  /** The signed base checkpoint left by `audit archive` (JSON). */
  auditBase: string;
  expiry: string;
  /** When each draft's expiry reminder is due (sorted set). */
  warn: string;
  lease: string;
  retract: string;
  unknown: string;
  draftPrefix: string;
  draft(id: string): string;
  /** The open-draft indexes (zsets): `<openPrefix>requester:<platform>:<user>`, `agent:<name>`, `second`. */
  openPrefix: string;
  once(key: string): string;
  rateLimitPrefix: string;
  /** Agent callbacks: queued deliveries (hash), when each is due (sorted set), and given-up ones (hash). */
  callbacks: { jobs: string; due: string; dead: string };
}

export function redisKeys(prefix: string): RedisKeys {
  const audit = `${prefix}:audit`;
  const base = `${prefix}:{${audit}}`;
  return {
    audit,
    head: `${base}:head`,
    auditBase: `${base}:audit-base`,
    expiry: `${base}:expiry`,
    warn: `${base}:warn`,
    lease: `${base}:lease`,
    retract: `${base}:retract`,
    unknown: `${base}:unknown`,
    draftPrefix: `${base}:draft:`,
    draft: (id) => `${base}:draft:${id}`,
    openPrefix: `${base}:open:`,
    once: (key) => `${base}:once:${key}`,
    rateLimitPrefix: `${prefix}:ratelimit`,
    callbacks: {
      jobs: `${base}:callbacks:jobs`,
      due: `${base}:callbacks:due`,
      dead: `${base}:callbacks:dead`,
    },
  };
}
