/**
 * Expiry reminders with three real draftgate processes on one Redis and one fake Slack Web API. All three sweep
 * every 100 ms; each draft's requester still gets exactly one reminder DM (with Extend) and the log exactly one
 * `expiry_warned` event. Extend clicked through one replica works; clicked again through another, it is refused
 * (`max_extensions: 1`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { verifyChain } from '../../src/core/verify-chain.js';
import { redisKeys } from '../../src/store/redis/keys.js';
import { auditEventCounts, type DraftgateProcess, eventually } from '../support/draftgate-process.js';
import type { FakeMessage } from '../support/fake-slack-api.js';
import { SlackCluster } from '../support/fault-slack-cluster.js';
import { uniquePrefix } from '../support/redis.js';

const ALICE = 'U0ALICE';
type ReminderBlock = { elements?: { action_id?: string; value?: string }[] };
const DRAFTS = 6;
/** The reminder is due 5 s after the request; the draft expires 20 s after it (ample time to click Extend). */
const POLICY = { draft_ttl: '20s', expiry_warning: '15s', max_extensions: 1 };

describe('expiry reminders with three replicas on one Redis', () => {
  let cluster: SlackCluster | undefined;
  let replicas: DraftgateProcess[] = [];

  beforeAll(async () => {
    cluster = await SlackCluster.start({
      prefix: uniquePrefix('reminders'),
      config: { sweep_interval: '100ms', policy: POLICY },
    });
    replicas = await cluster.startReplicas(3);
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  const at = (i: number): DraftgateProcess => (cluster as SlackCluster).replica(i);

  it('exactly one reminder per draft while 3 replicas sweep; Extend once, refused the second time', async () => {
    const c = cluster as SlackCluster;
    // All three replicas sweep the reminder index (MONITOR sees the sweep script on it from 3 connections).
    expect((await c.scriptCallers(redisKeys(c.prefix).warn, 3, 5_000)).size).toBe(3);

    const drafts = await Promise.all(
      Array.from({ length: DRAFTS }, (_, i) => c.request(at(i), ALICE, `reminder question ${i}`)),
    );
    const reminderOf = (id: string): FakeMessage[] =>
      c.fake.messages.filter(
        (m) =>
          m.channel === `D${ALICE}` &&
          ((m.blocks ?? []) as ReminderBlock[]).some((block) =>
            (block.elements ?? []).some(
              (e) => e.action_id === ACTION.extend && e.value?.startsWith(`${id}:`) === true,
            ),
          ),
      );
    await eventually(
      () => drafts.every(({ id }) => reminderOf(id).length > 0),
      15_000,
      () => `not every draft got its reminder\n${c.diagnostics()}`,
    );
    // Many more sweeps by each replica: none may remind again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const { id } of drafts) {
      expect(reminderOf(id), id).toHaveLength(1);
      const warned = (await c.audit(id)).filter((e) => e.type === 'expiry_warned');
      expect(warned, id).toHaveLength(1);
      expect(warned[0]?.actor).toBe('system');
    }
    const perReplica = await Promise.all(replicas.map(auditEventCounts));
    expect(perReplica.reduce((sum, counts) => sum + (counts.expiry_warned ?? 0), 0)).toBe(DRAFTS);

    // Extend through one replica works; through another, the second Extend is refused.
    const [first] = drafts;
    if (!first) throw new Error('no draft');
    const [reminder] = reminderOf(first.id);
    if (!reminder) throw new Error('no reminder');
    const before = await c.draft(first.id);
    const extend = await c.click(at(0), ALICE, ACTION.extend, reminder);
    expect(extend.status).toBe(200);
    const told = await eventually(
      () => c.fake.responsesTo(extend.responseId)[0],
      5_000,
      () => `the Extend click was not answered\n${c.diagnostics()}`,
    );
    expect(String(told.body.text)).toMatch(/^Extended/);
    expect((await c.draft(first.id))?.expiresAt).toBe((before?.expiresAt ?? 0) + 20_000);
    const again = await c.click(at(1), ALICE, ACTION.extend, reminder);
    const refused = await eventually(
      () => c.fake.responsesTo(again.responseId)[0],
      5_000,
      () => `the second Extend was not answered\n${c.diagnostics()}`,
    );
    expect(String(refused.body.text)).toMatch(/already extended once/);
    const types = (await c.audit(first.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'extended')).toHaveLength(1);
    expect(types.filter((t) => t === 'denied')).toHaveLength(1);

    expect(await verifyChain(c.stores.audit.walk(), await c.stores.audit.head())).toMatchObject({ ok: true });
  }, 60_000);
});
