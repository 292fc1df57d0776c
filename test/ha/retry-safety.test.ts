/**
 * Retry safety: a transition whose reply is lost (the connection drops after Redis ran the script, as in a
 * failover) is sent again, and the script recognizes its own operation id: the approval is reported done, never as
 * a conflict, and recorded once. The same holds for an audit append and for a delivery claim.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/store/create-store.js';
import { ManualClock } from '../support/clock.js';
import { alice, auditTypes, type GateFixture, gateFixture, target } from '../support/gate-fixture.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { ReplyCuttingProxy } from '../support/reply-cutting-proxy.js';

describe('retry safety', () => {
  let proxy: ReplyCuttingProxy | undefined;
  let f: GateFixture | undefined;
  afterAll(async () => {
    await f?.close().catch(() => {});
    await proxy?.close();
  });

  it('an approval whose reply was lost is retried and recognized as done: published once, one approved event', async () => {
    proxy = await ReplyCuttingProxy.start(Number(new URL(testRedisUrl()).port));
    const prefix = uniquePrefix('retry');
    const clock = new ManualClock();
    const stores = createStores({ redisUrl: proxy.url, prefix, keepFinishedMs: 3_600_000, clock });
    stores.redis?.on('error', () => {});
    await stores.redis?.connect();
    f = await gateFixture('redis', { stores: { ...stores, prefix }, clock });

    const created = await f.gate.request({
      target,
      requester: alice,
      question: 'How do I rotate the logs?',
      source: 'slash',
      idempotencyKey: 'trigger-lost-reply',
    });
    if (!created.ok) throw new Error(created.message);

    proxy.cutReplyTo('"type":"approved"');
    const approved = await f.gate.approve({
      draftId: created.draft.id,
      version: created.draft.version,
      actor: alice,
      confirmed: false,
    });
    expect(proxy.cuts).toBe(1);
    expect(approved.ok, approved.ok ? '' : approved.message).toBe(true);
    expect(approved.draft?.state).toBe('published');
    expect(f.chat.posts.map((p) => p.draftId)).toEqual([created.draft.id]);
    expect(await auditTypes(f.stores, created.draft.id)).toEqual([
      'requested',
      'drafted',
      'approved',
      'published',
    ]);
  });

  it('a denied event whose reply was lost is appended once', async () => {
    if (!f || !proxy) throw new Error('no fixture');
    const created = await f.gate.request({
      target,
      requester: alice,
      question: 'Second one',
      source: 'slash',
    });
    if (!created.ok) throw new Error(created.message);
    // The append script gets the event's fields as plain arguments: the type is the bulk string `denied`.
    proxy.cutReplyTo('$6\r\ndenied\r\n');
    const refused = await f.gate.approve({
      draftId: created.draft.id,
      version: created.draft.version,
      actor: { ...alice, id: 'U_MALLORY', name: 'mallory' },
      confirmed: false,
    });
    expect(proxy.cuts).toBe(2);
    expect(refused.ok).toBe(false);
    expect(await auditTypes(f.stores, created.draft.id)).toEqual(['requested', 'drafted', 'denied']);
  });

  it('a delivery claim whose reply was lost still counts as this delivery’s claim', async () => {
    if (!f || !proxy) throw new Error('no fixture');
    proxy.cutReplyTo('trigger-claim-lost');
    expect(await f.stores.drafts.claimOnce('trigger-claim-lost', 60_000)).toBe(true);
    expect(proxy.cuts).toBe(3);
    expect(await f.stores.drafts.claimOnce('trigger-claim-lost', 60_000)).toBe(false);
  });
});
