/**
 * A crash mid-publish: Slack accepted the post, and the draftgate process is SIGKILLed before it heard so (and so
 * before it could record `published`). A new process on the same Redis turns the expired publish lease into
 * `publish_unknown`, reconciliation finds the one message through conversations.history and its metadata, and
 * nothing is ever posted twice. The audit log tells the story, and its hash chain still verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import type { DraftgateProcess } from '../support/draftgate-process.js';
import { eventually } from '../support/draftgate-process.js';
import { headlineOf, SlackCluster } from '../support/fault-slack-cluster.js';
import { uniquePrefix } from '../support/redis.js';
import { runCli } from '../support/run-cli.js';

const ALICE = 'U0ALICE';
/** The Gate waits this long after publish_unknown before reconciling (its reconcileGraceMs default). */
const RECONCILE_GRACE_MS = 10_000;

describe('crash mid-publish', () => {
  let cluster: SlackCluster | undefined;
  let first: DraftgateProcess | undefined;

  beforeAll(async () => {
    cluster = await SlackCluster.start({
      prefix: uniquePrefix('crash'),
      config: { sweep_interval: '200ms', policy: { publish_lease: '1s', reconcile_grace: '1s' } },
    });
    first = await cluster.startProcess('before-crash');
  }, 90_000);

  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  it('after a SIGKILL between the post and its record, a restart reconciles: exactly 1 post, and the audit says so', async () => {
    const c = cluster as SlackCluster;
    const crashing = first as DraftgateProcess;
    const { card, id } = await c.request(crashing, ALICE, 'question answered just before a crash');
    c.proxy.holdPublishOf(id);
    const click = await c.click(crashing, ALICE, ACTION.approve, card);
    expect(click.status).toBe(200);

    // Slack has the message (recorded, stored with its metadata); draftgate is still waiting for the answer.
    await eventually(
      () => c.proxy.held.length === 1,
      10_000,
      () => `the publish never reached the fake\n${c.diagnostics()}`,
    );
    expect(c.postsOf(id)).toBe(1);
    const exit = await crashing.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');

    // What the crash left behind: approved and publishing, with no `published` record.
    expect((await c.draft(id))?.state).toBe('publishing');
    expect((await c.audit(id)).map((entry) => entry.type)).toEqual(['requested', 'drafted', 'approved']);

    await c.startProcess('after-restart');
    const unknown = await c.waitForState(id, 'publish_unknown', 10_000);
    expect(unknown.published).toBeUndefined();
    const published = await c.waitForState(id, 'published', RECONCILE_GRACE_MS + 8_000);
    // A few more sweeps: nothing further may happen.
    await new Promise((resolve) => setTimeout(resolve, 600));

    expect(c.postsOf(id)).toBe(1);
    expect(
      c.fake.callsTo('chat.postMessage').filter((call) => !String(call.params.channel).startsWith('D')),
    ).toHaveLength(1);
    const message = c.fake.messages.find((m) => m.metadata?.event_payload?.draft_id === id);
    expect(published.published?.messages).toEqual([message?.ts]);
    expect(c.fake.callsTo('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(headlineOf(c.fake.message(card.channel, card.ts)?.blocks)).toBe('Published');

    const events = await c.audit(id);
    expect(events.map((entry) => entry.type)).toEqual([
      'requested',
      'drafted',
      'approved',
      'publish_unknown',
      'published',
    ]);
    const [, , approved, lost, reconciled] = events;
    expect(approved?.actor).toBe(ALICE);
    expect(lost?.actor).toBe('system');
    expect(JSON.parse(lost?.detail ?? '{}')).toMatchObject({ from: 'publishing', reason: 'lease_expired' });
    expect(reconciled?.actor).toBe('system');
    expect(JSON.parse(reconciled?.detail ?? '{}')).toMatchObject({
      reconciled: true,
      approved_by: ALICE,
      messages: [message?.ts],
    });

    // The operator's view, through the real CLI.
    const show = await runCli(['audit', 'show', id], { env: c.env() });
    expect(show.code).toBe(0);
    const timeline = show.stdout.split('\n').filter((line) => /^\S+ {2}v\d+ {2}/.test(line));
    expect(timeline.map((line) => line.split(/\s+/)[2])).toEqual([
      'requested',
      'drafted',
      'approved',
      'publish_unknown',
      'published',
    ]);
    expect(timeline[3]).toContain('"reason":"lease_expired"');
    expect(timeline[4]).toContain('"reconciled":true');
    const verify = await runCli(['audit', 'verify'], { env: c.env() });
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^ok: \d+ entries.*chain intact/);
  }, 90_000);
});
