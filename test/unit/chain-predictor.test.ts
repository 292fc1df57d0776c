/** The chain head predictor on its own: which hints it gives, and how replies correct it. */
import { describe, expect, it } from 'vitest';
import { linkHash } from '../../src/core/audit-hash.js';
import { ChainHeadPredictor } from '../../src/store/redis/chain-predictor.js';

const digest = (n: number) => n.toString(16).padStart(64, '0');
const HEAD = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

describe('ChainHeadPredictor', () => {
  it('gives no hint before any reply has told it the head, then links from the head Redis reported', () => {
    const chain = new ChainHeadPredictor();
    const first = chain.send([digest(1)]);
    expect(first.hints).toEqual([undefined]);
    chain.settle(first.ticket, HEAD);
    const second = chain.send([digest(2)]);
    expect(second.hints).toEqual([{ link_prev: HEAD, link: linkHash(HEAD, digest(2)) }]);
  });

  it('chains the hints of scripts still in flight, event after event', () => {
    const chain = new ChainHeadPredictor();
    chain.settle(chain.send([digest(1)]).ticket, HEAD);
    const a = chain.send([digest(2), digest(3)]);
    const b = chain.send([digest(4)]);
    const h2 = linkHash(HEAD, digest(2));
    const h3 = linkHash(h2, digest(3));
    expect(a.hints).toEqual([
      { link_prev: HEAD, link: h2 },
      { link_prev: h2, link: h3 },
    ]);
    expect(b.hints).toEqual([{ link_prev: h3, link: linkHash(h3, digest(4)) }]);
    chain.settle(a.ticket, h3);
    chain.settle(b.ticket, linkHash(h3, digest(4)));
    expect(chain.stats()).toEqual({ hits: 2, misses: 1 });
  });

  it('re-derives the head for the scripts in flight when a reply differs (another writer appended)', () => {
    const chain = new ChainHeadPredictor();
    chain.settle(chain.send([digest(1)]).ticket, HEAD);
    const a = chain.send([digest(2)]);
    const b = chain.send([digest(3)]);
    // Another replica appended before `a` ran: `a` and `b` were linked by Lua, from OTHER.
    const aHead = linkHash(OTHER, digest(2));
    chain.settle(a.ticket, aHead);
    const c = chain.send([digest(4)]);
    const bHead = linkHash(aHead, digest(3));
    expect(c.hints).toEqual([{ link_prev: bHead, link: linkHash(bHead, digest(4)) }]);
    chain.settle(b.ticket, bHead);
    chain.settle(c.ticket, linkHash(bHead, digest(4)));
    // `b` was sent with hints from the wrong head, so Lua linked it too: only `c` was linked from Node's hints.
    expect(chain.stats()).toEqual({ hits: 1, misses: 3 });
  });

  it('a refused transition (nothing appended) answers the unchanged head, and the next hints start from it', () => {
    const chain = new ChainHeadPredictor();
    chain.settle(chain.send([digest(1)]).ticket, HEAD);
    const refused = chain.send([digest(2)]);
    chain.settle(refused.ticket, HEAD);
    expect(chain.send([digest(3)]).hints).toEqual([{ link_prev: HEAD, link: linkHash(HEAD, digest(3)) }]);
  });

  it('after a failure with an unknown outcome it predicts nothing until a later reply tells the head', () => {
    const chain = new ChainHeadPredictor();
    chain.settle(chain.send([digest(1)]).ticket, HEAD);
    const lost = chain.send([digest(2)]);
    const inFlight = chain.send([digest(3)]);
    chain.settle(lost.ticket, undefined);
    const blind = chain.send([digest(4)]);
    expect(blind.hints).toEqual([undefined]);
    // The lost script did run: `inFlight` reports the head after both.
    const afterInFlight = linkHash(linkHash(HEAD, digest(2)), digest(3));
    chain.settle(inFlight.ticket, afterInFlight);
    const afterBlind = linkHash(afterInFlight, digest(4));
    expect(chain.send([digest(5)]).hints).toEqual([
      { link_prev: afterBlind, link: linkHash(afterBlind, digest(5)) },
    ]);
  });
});
