/**
 * Lets Node, not Lua, compute the chain v2 links of the appends it sends. Redis 7's Lua has no native SHA-256, so
 * a link computed in the script costs ~30 raw XADDs of Redis time; node:crypto does it in microseconds.
 *
 * Node cannot read the chain head atomically with its write, so it predicts it: the head after every append it has
 * sent so far on its connection (Redis runs one connection's commands in order). Each event then carries a hint,
 * `link_prev` (the predicted previous hash) and `link` (SHA-256 of link_prev ‖ entry_digest). The append script uses
 * the hint only when link_prev is the head it actually reads; otherwise (another replica or the sweep appended, a
 * transition was refused, a retry came late) it computes the link itself, exactly as before. So a wrong prediction
 * costs time, never integrity, and `audit verify` recomputes every link anyway. Each script answers the head it
 * left, and a reply that differs from the prediction re-derives the head for the appends still in flight.
 */
import { linkHash } from '../../core/audit-hash.js';
import type { ScriptEvent } from '../event-wire.js';

export interface LinkHint {
  link_prev: string;
  link: string;
}

/** One sent script: the digests it appends, in order, and the head expected after it (undefined: unknown). */
export interface ChainTicket {
  readonly digests: readonly string[];
  expected: string | undefined;
  /** Its hints are still what was sent (no earlier reply proved them wrong): the script will use them. */
  hinted: boolean;
}

export class ChainHeadPredictor {
  /** The head expected once every sent script has run; undefined until a reply tells it. */
  #head: string | undefined;
  readonly #inFlight: ChainTicket[] = [];
  #hits = 0;
  #misses = 0;

  /** Call right before sending the script, with no await in between: the hints for its events, in order. */
  send(digests: readonly string[]): { ticket: ChainTicket; hints: (LinkHint | undefined)[] } {
    const hints: (LinkHint | undefined)[] = [];
    let head = this.#head;
    for (const digest of digests) {
      if (head === undefined) {
        hints.push(undefined);
        continue;
      }
      const link = linkHash(head, digest);
      hints.push({ link_prev: head, link });
      head = link;
    }
    const ticket: ChainTicket = { digests, expected: head, hinted: head !== undefined };
    this.#head = head;
    this.#inFlight.push(ticket);
    return { ticket, hints };
  }

  /** send() for whole events: each comes back with its hint, ready for the script's JSON. */
  sendEvents(events: readonly ScriptEvent[]): {
    ticket: ChainTicket;
    events: (ScriptEvent & Partial<LinkHint>)[];
  } {
    const { ticket, hints } = this.send(events.map((event) => event.entry_digest));
    return { ticket, events: events.map((event, i) => ({ ...event, ...hints[i] })) };
  }

  /** The script answered with the head it left (`actual`), or failed with an unknown outcome (undefined). */
  settle(ticket: ChainTicket, actual: string | undefined): void {
    const at = this.#inFlight.indexOf(ticket);
    if (at < 0) return;
    this.#inFlight.splice(at, 1);
    if (actual === undefined) {
      // Whether it ran is unknown: predict nothing until a later reply tells the head again.
      this.#head = undefined;
      for (const later of this.#inFlight) {
        later.expected = undefined;
        later.hinted = false;
      }
      return;
    }
    const hit = actual === ticket.expected;
    if (ticket.digests.length > 0) {
      if (hit && ticket.hinted) this.#hits++;
      else this.#misses++;
    }
    if (hit) return;
    // The scripts sent after this one run after it: derive the head they will leave from the one Redis reported.
    let head = actual;
    for (const later of this.#inFlight.slice(at)) {
      for (const digest of later.digests) head = linkHash(head, digest);
      later.expected = head;
      later.hinted = false;
    }
    this.#head = head;
  }

  /** Scripts whose prediction held (their links were computed here) and scripts that missed (Lua linked them). */
  stats(): { hits: number; misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }
}
