/** Loads the Lua scripts and registers them on an ioredis client (EVALSHA with automatic EVAL fallback). */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Cluster, Redis } from 'ioredis';
import { ENTRY_FIELDS } from '../../core/audit-event.js';
import { INBOX_STATES } from '../../core/draft.js';
import { chainLinkLua } from './chain-link-lua.js';

const here = dirname(fileURLToPath(import.meta.url));

function lua(name: string): string {
  // The .lua files ship beside the sources; the build copies them next to the compiled files.
  return readFileSync(join(here, 'lua', `${name}.lua`), 'utf8');
}

export interface DraftgateScripts {
  dgTransition(
    draft: string,
    stream: string,
    head: string,
    expiry: string,
    lease: string,
    retract: string,
    unknown: string,
    warn: string,
    spec: string,
  ): Promise<[string, string, string[], string]>;
  dgSweep(
    zset: string,
    stream: string,
    head: string,
    index: string,
    now: string,
    limit: string,
    at: string,
    draftPrefix: string,
    rule: string,
  ): Promise<string[]>;
  /**
   * Answers the new entry's id and the chain head after the call. `op` is the operation id ('' for none); `event`
   * is appendArgs(event) from event-wire.ts.
   */
  dgAppend(stream: string, head: string, op: string, ...event: string[]): Promise<[string, string]>;
  dgAttach(draft: string, field: string, value: string): Promise<number>;
  dgReindexOpen(
    expiry: string,
    draftPrefix: string,
    openPrefix: string,
    start: string,
    stop: string,
  ): Promise<number>;
  dgChainState(stream: string, head: string): Promise<string[]>;
  dgTrim(
    stream: string,
    base: string,
    baseJson: string,
    id: string,
    hash: string,
    minId: string,
  ): Promise<number>;
}

/** A standalone or Cluster client with draftgate's scripts registered. */
export type ScriptedRedis = (Redis | Cluster) & DraftgateScripts;

export function defineScripts(redis: Redis | Cluster): ScriptedRedis {
  // The entry's field list comes from the one definition in src/core/audit-event.ts.
  const fields = `local ENTRY_FIELDS = {${ENTRY_FIELDS.map((name) => `'${name}'`).join(', ')}}\n`;
  const states = `local INBOX_STATES = {${INBOX_STATES.map((state) => `'${state}'`).join(', ')}}\n`;
  const prelude = `${fields}${states}${chainLinkLua()}\n${lua('audit-append')}\n${lua('open-index')}\n`;
  // Only the sweep builds events inside Lua, so only it hashes a whole entry there (rare: expiries).
  const sweepPrelude = `${prelude}${lua('sha256')}\n${lua('entry-digest')}\n`;
  redis.defineCommand('dgTransition', { numberOfKeys: 8, lua: prelude + lua('transition') });
  redis.defineCommand('dgSweep', { numberOfKeys: 4, lua: sweepPrelude + lua('sweep') });
  // An append touches no draft: it needs neither the inbox states nor the open-index functions. Every call runs the
  // prelude again (Lua locals do not outlive a call), so the hottest script carries only what it uses.
  redis.defineCommand('dgAppend', {
    numberOfKeys: 2,
    lua: `${fields}${chainLinkLua()}\n${lua('audit-append')}\n${lua('append')}`,
  });
  redis.defineCommand('dgAttach', { numberOfKeys: 1, lua: lua('attach') });
  redis.defineCommand('dgReindexOpen', {
    numberOfKeys: 1,
    lua: `${states}${lua('open-index')}\n${lua('reindex-open')}`,
  });
  redis.defineCommand('dgChainState', { numberOfKeys: 2, lua: lua('chain-state') });
  redis.defineCommand('dgTrim', { numberOfKeys: 2, lua: lua('trim') });
  return redis as ScriptedRedis;
}
