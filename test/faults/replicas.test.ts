/**
 * Three real draftgate processes share one Redis and one fake Slack Web API, as replicas behind a load balancer.
 * Twenty concurrent Approve clicks spread over them produce exactly one post and one `published` event; and the
 * periodic sweeps, which all three run every 200 ms, expire a draft once and reconcile a lost publish once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEventCounts, type DraftgateProcess, eventually } from '../support/draftgate-process.js';
import { CHANNEL, headlineOf, SlackCluster } from '../support/fault-slack-cluster.js';
import { uniquePrefix } from '../support/redis.js';

const ALICE = 'U0ALICE';
const CLICKS = 20;
const LEASE_MS = 1_000;
const TTL_MS = 8_000;
/** The Gate waits this long after publish_unknown before reconciling (its reconcileGraceMs default). */
const RECONCILE_GRACE_MS = 1_000;

describe('three replicas on one Redis', () => {
  let cluster: SlackCluster | undefined;
  let replicas: DraftgateProcess[] = [];

  beforeAll(async () => {
    cluster = await SlackCluster.start({
      prefix: uniquePrefix('replicas'),
      config: {
        sweep_interval: '200ms',
        // Ample time for the approvals below; the expiry test waits it out while reconciliation's grace runs.
        policy: { draft_ttl: `${TTL_MS}ms`, publish_lease: `${LEASE_MS}ms`, reconcile_grace: '1s' },
      },
    });
    replicas = await cluster.startReplicas(3);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  const at = (i: number): DraftgateProcess => (cluster as SlackCluster).replica(i);

  it('20 concurrent Approve clicks over 3 replicas: 1 post, 1 approved, 1 published, 19 told privately', async () => {
    const c = cluster as SlackCluster;
    const { card, id } = await c.request(at(0), ALICE, 'concurrent approvals question');
    expect((await c.draft(id))?.state).toBe('pending');

    const clicks = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) => c.click(at(i), ALICE, ACTION.approve, card)),
    );
    expect(clicks.map((click) => click.status)).toEqual(Array(CLICKS).fill(200));

    await c.waitForState(id, 'published', 10_000);
    // Every losing click is answered privately (response_url, ephemeral); the winner gets the card update.
    const told = () => clicks.flatMap((click) => c.fake.responsesTo(click.responseId));
    await eventually(
      () => told().length >= CLICKS - 1,
      10_000,
      () => `the losing clicks were not all answered\n${c.diagnostics()}`,
    );
    await eventually(
      () => headlineOf(c.fake.message(card.channel, card.ts)?.blocks) === 'Published',
      5_000,
      () => 'the card never showed Published',
    );
    // Let any straggler finish before counting: nothing more may happen.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(c.postsOf(id)).toBe(1);
    expect(c.fake.publicPosts().filter((call) => call.params.channel === CHANNEL)).toHaveLength(1);
    const types = (await c.audit(id)).map((entry) => entry.type);
    expect(types.filter((type) => type === 'approved')).toHaveLength(1);
    expect(types.filter((type) => type === 'published')).toHaveLength(1);
    expect(types.filter((type) => type === 'stale_click')).toHaveLength(CLICKS - 1);
    expect(told()).toHaveLength(CLICKS - 1);
    for (const reply of told()) expect(reply.body.response_type).toBe('ephemeral');
    // Every replica decided some of the clicks (its own /metrics), and together they recorded one win.
    const perReplica = await Promise.all(replicas.map(auditEventCounts));
    for (const counts of perReplica)
      expect((counts.approved ?? 0) + (counts.stale_click ?? 0)).toBeGreaterThan(0);
    const total = (type: string) => perReplica.reduce((sum, counts) => sum + (counts[type] ?? 0), 0);
    expect(total('approved')).toBe(1);
    expect(total('published')).toBe(1);
    expect(total('stale_click')).toBe(CLICKS - 1);
  });

  it('sweeps running in all 3 expire a draft once and reconcile a lost publish once', async () => {
    const c = cluster as SlackCluster;
    const keys = redisKeys(c.prefix);

    // Proof that all three replicas sweep: MONITOR sees the sweep script on the expiry index from 3 connections.
    const sweepers = await c.scriptCallers(keys.expiry, 3, 5_000);
    expect(sweepers.size).toBe(3);

    // E is left alone until its TTL passes; P's publish reaches Slack but its answer never comes back.
    const expiring = await c.request(at(1), ALICE, 'question left to expire');
    const lost = await c.request(at(2), ALICE, 'question whose publish is lost');
    c.proxy.holdPublishOf(lost.id);
    const approval = await c.click(at(0), ALICE, ACTION.approve, lost.card);
    expect(approval.status).toBe(200);
    await eventually(
      () => c.proxy.held.length === 1,
      5_000,
      () => `the publish never reached the fake\n${c.diagnostics()}`,
    );
    expect(c.postsOf(lost.id)).toBe(1);

    await c.waitForState(lost.id, 'publish_unknown', 5_000);
    await c.waitForState(expiring.id, 'expired', TTL_MS + 5_000);
    const published = await c.waitForState(lost.id, 'published', RECONCILE_GRACE_MS + 8_000);
    // Many more sweeps by each replica: none may act again.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const expiredEvents = (await c.audit(expiring.id)).filter((entry) => entry.type === 'expired');
    expect(expiredEvents).toHaveLength(1);
    expect(expiredEvents[0]?.actor).toBe('system');
    const expiryUpdates = c.updatesOf(expiring.card);
    expect(expiryUpdates.map(headlineOf)).toEqual(['Expired: never published']);
    expect(c.postsOf(expiring.id)).toBe(0);

    const lostEvents = await c.audit(lost.id);
    const count = (type: string) => lostEvents.filter((entry) => entry.type === type).length;
    expect(count('approved')).toBe(1);
    expect(count('publish_unknown')).toBe(1);
    expect(count('published')).toBe(1);
    expect(count('publish_failed')).toBe(0);
    const reclaimed = lostEvents.find((entry) => entry.type === 'publish_unknown');
    expect(JSON.parse(reclaimed?.detail ?? '{}')).toMatchObject({ reason: 'lease_expired' });
    const reconciled = lostEvents.find((entry) => entry.type === 'published');
    expect(reconciled?.actor).toBe('system');
    expect(JSON.parse(reconciled?.detail ?? '{}')).toMatchObject({ reconciled: true });
    expect(c.postsOf(lost.id)).toBe(1);
    const lostMessage = c.fake.messages.find((m) => m.metadata?.event_payload?.draft_id === lost.id);
    expect(published.published?.messages).toEqual([lostMessage?.ts]);
    expect(c.updatesOf(lost.card).map(headlineOf)).toEqual([
      'Publish outcome unknown: checking (never re-posted blindly)',
      'Published',
    ]);
    // Exactly one replica recorded each of the system's acts (the sums over the three /metrics).
    const after = await Promise.all(replicas.map(auditEventCounts));
    const total = (type: string) => after.reduce((sum, counts) => sum + (counts[type] ?? 0), 0);
    expect(total('expired')).toBe(1);
    expect(total('publish_unknown')).toBe(1);
    expect(total('published')).toBe(2); // the first test's publish, and this reconciliation
    // One replica logged the lease expiry, though all three sweep.
    const leaseLogs = replicas.flatMap((r) => r.logs()).filter((line) => /outlived its lease/.test(line.msg));
    expect(leaseLogs).toHaveLength(1);

    expect(await verifyChain(c.stores.audit.walk(), await c.stores.audit.head())).toMatchObject({ ok: true });
  }, 45_000);
});
