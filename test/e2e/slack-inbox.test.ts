/**
 * The Slack inbox (App Home) and roles from Slack user groups, end to end: real Bolt behind draftgate's HTTP
 * server, signed Events API and interactivity deliveries, the fake Slack Web API recording `views.publish` and
 * answering `usergroups.list`, and the Gate on a real Redis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { appHomeOpened, homeAction } from '../../testkit/slack-requests.js';
import {
  auditOf,
  button,
  clickCard,
  draftIdOf,
  requestBySlash,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const BOB = 'U0BOB';

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

interface HomeBlock {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: { text: string } }[];
}

/** The home views published for `user` since `from`, as JSON text and blocks. */
function homes(harness: SlackHarness, user: string, from = 0) {
  return harness.fake
    .homeViews(user)
    .slice(from)
    .map((view) => ({ json: JSON.stringify(view.blocks), blocks: view.blocks as HomeBlock[] }));
}

/** Waits for a home view of `user`, published after `from`, that satisfies `check`. */
function homeWhere(harness: SlackHarness, user: string, from: number, check: (json: string) => boolean) {
  return harness.fake.waitFor(
    () => homes(harness, user, from).find((view) => check(view.json)),
    5000,
    `a Home view for ${user}`,
  );
}

const homeButtons = (blocks: HomeBlock[]) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('Slack App Home: the inbox', () => {
  it('lists a pending draft with Open and Discard, and drops it after approval', async () => {
    h = await startSlackHarness({ store: 'redis' });
    const harness = h;
    await harness.sender.send(appHomeOpened({ user: ALICE }));
    const empty = await homeWhere(harness, ALICE, 0, () => true);
    expect(empty.json).toContain('Waiting for you (0)');
    expect(empty.json).toContain('Nothing waits for you');

    const { card } = await requestBySlash(harness, ALICE, 'how do I rotate the staging cert?');
    if (!card) throw new Error('no review card');
    const draftId = draftIdOf(card);
    // Delivering the card refreshed the tab; opening it again lists the same draft.
    const opened = harness.fake.homeViews(ALICE).length;
    await harness.sender.send(appHomeOpened({ user: ALICE }));
    const listed = await homeWhere(harness, ALICE, opened, (json) => json.includes(draftId));
    expect(listed.json).toContain('Waiting for you (1)');
    expect(listed.json).toContain('how do I rotate the staging cert?');
    expect(listed.json).toContain('<#C0GENERAL>');
    expect(listed.json).toContain('Expires:');
    expect(homeButtons(listed.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [ACTION.homeOpen, `${draftId}:1`],
      [ACTION.homeDiscard, `${draftId}:1`],
    ]);
    // Bob's inbox does not show Alice's draft.
    await harness.sender.send(appHomeOpened({ user: BOB }));
    expect((await homeWhere(harness, BOB, 0, () => true)).json).toContain('Waiting for you (0)');

    // Open sends the card to the DM again, and says so on the tab.
    const dmBefore = harness.fake.messages.filter((m) => m.channel === `D${ALICE}`).length;
    const beforeOpen = harness.fake.homeViews(ALICE).length;
    await harness.sender.send(homeAction({ actionId: ACTION.homeOpen, value: `${draftId}:1`, user: ALICE }));
    await homeWhere(harness, ALICE, beforeOpen, (json) => json.includes('sent to your direct messages'));
    const dms = harness.fake.messages.filter((m) => m.channel === `D${ALICE}`);
    expect(dms).toHaveLength(dmBefore + 1);
    const resent = dms.at(-1);
    if (!resent) throw new Error('no card re-sent');
    expect(draftIdOf(resent)).toBe(draftId);

    // Approving on the re-sent card publishes, and the refreshed tab no longer lists the draft.
    const beforeApprove = harness.fake.homeViews(ALICE).length;
    await clickCard(harness, ALICE, ACTION.approve, button(resent, ACTION.approve).value, resent);
    await harness.fake.waitFor(() => harness.fake.publicPosts().length === 1, 5000, 'the publish');
    const after = await homeWhere(harness, ALICE, beforeApprove, (json) =>
      json.includes('Waiting for you (0)'),
    );
    expect(after.json).not.toContain(draftId);
    expect(harness.fake.publicPosts()).toHaveLength(1);
  });

  it('Discard on the tab discards through the Gate; someone else’s Discard is refused and audited', async () => {
    h = await startSlackHarness({ store: 'redis' });
    const harness = h;
    const { card } = await requestBySlash(harness, ALICE, 'which dashboards track p99 latency?');
    if (!card) throw new Error('no review card');
    const draftId = draftIdOf(card);
    const value = `${draftId}:1`;
    await harness.sender.send(homeAction({ actionId: ACTION.homeDiscard, value, user: BOB }));
    await homeWhere(harness, BOB, 0, (json) => json.includes('Nothing was changed'));
    expect((await auditOf(harness, draftId)).at(-1)).toMatchObject({ type: 'denied', actor: BOB });

    const before = harness.fake.homeViews(ALICE).length;
    await harness.sender.send(homeAction({ actionId: ACTION.homeDiscard, value, user: ALICE }));
    await homeWhere(harness, ALICE, before, (json) => json.includes('Waiting for you (0)'));
    expect((await harness.app.stores.drafts.get(draftId))?.state).toBe('discarded');
    expect(harness.fake.publicPosts()).toEqual([]);
  });

  it('caps a long list and says how many more there are (a Home view holds at most 100 blocks)', async () => {
    h = await startSlackHarness({ store: 'redis' });
    const harness = h;
    for (let i = 0; i < 23; i++) await requestBySlash(harness, ALICE, `question number ${i}`);
    const before = harness.fake.homeViews(ALICE).length;
    await harness.sender.send(appHomeOpened({ user: ALICE }));
    const view = await homeWhere(harness, ALICE, before, (json) => json.includes('Waiting for you (23)'));
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(homeButtons(view.blocks).filter((b) => b.action_id === ACTION.homeOpen)).toHaveLength(20);
    expect(view.json).toContain('and 3 more');
  });
});

describe('Slack roles from user groups', () => {
  const policy = { requesters: [{ channels: ['*'], roles: ['S0ENG'] }] };

  it('a member of the group may ask, a non-member may not, and a failed lookup refuses (role_lookup_failed)', async () => {
    h = await startSlackHarness({ store: 'redis', policy });
    const harness = h;
    harness.fake.userGroups.set('S0ENG', [ALICE]);
    harness.fake.userGroups.set('S0OTHER', [BOB]);

    harness.fake.fail('usergroups.list', { error: 'missing_scope' });
    const failed = await requestBySlash(harness, ALICE, 'may I ask?');
    expect(failed.card).toBeUndefined();
    const told = await harness.fake.waitFor(
      () =>
        harness.fake.responsesTo(failed.responseId).find((r) => JSON.stringify(r).includes('fail closed')),
      5000,
      'the refusal',
    );
    expect(JSON.stringify(told)).toContain('usergroups:read');
    const denied = (await auditOf(harness)).filter((e) => e.type === 'denied');
    expect(denied.map((e) => [e.actor, JSON.parse(e.detail).reason])).toEqual([
      [ALICE, 'role_lookup_failed'],
    ]);

    const allowed = await requestBySlash(harness, ALICE, 'may I ask now?');
    expect(allowed.card).toBeDefined();
    const refused = await requestBySlash(harness, BOB, 'and me?');
    expect(refused.card).toBeUndefined();
    const reasons = (await auditOf(harness)).filter((e) => e.type === 'denied');
    expect(reasons.map((e) => [e.actor, JSON.parse(e.detail).reason])).toEqual([
      [ALICE, 'role_lookup_failed'],
      [BOB, 'not_a_requester'],
    ]);
    // One successful lookup served both people: the groups are cached for the workspace.
    expect(harness.fake.callsTo('usergroups.list')).toHaveLength(2);
    expect(harness.fake.callsTo('usergroups.list').map((c) => String(c.params.include_users))).toEqual([
      'true',
      'true',
    ]);
  });

  it('a second approval goes to the members of the user group: listed on their Home tab, given from the re-sent card', async () => {
    h = await startSlackHarness({
      store: 'redis',
      policy: { second_approval: { mode: 'always', approvers: { roles: ['S0SECURITY'] } } },
    });
    const harness = h;
    harness.fake.userGroups.set('S0SECURITY', [BOB]);
    const { card } = await requestBySlash(harness, ALICE, 'can I open port 5432 to the office?');
    if (!card) throw new Error('no review card');
    const draftId = draftIdOf(card);
    await clickCard(harness, ALICE, ACTION.approve, button(card, ACTION.approve).value, card);
    expect((await harness.app.stores.drafts.get(draftId))?.state).toBe('awaiting_second_approval');

    await harness.sender.send(appHomeOpened({ user: BOB }));
    const listed = await homeWhere(harness, BOB, 0, (json) => json.includes(draftId));
    expect(listed.json).toContain('Waiting for your second approval');
    expect(homeButtons(listed.blocks).map((b) => b.action_id)).toEqual([ACTION.homeOpen]);
    await harness.sender.send(appHomeOpened({ user: 'U0MALLORY' }));
    expect((await homeWhere(harness, 'U0MALLORY', 0, () => true)).json).toContain('Waiting for you (0)');

    const before = harness.fake.messages.filter((m) => m.channel === `D${BOB}`).length;
    await harness.sender.send(homeAction({ actionId: ACTION.homeOpen, value: `${draftId}:1`, user: BOB }));
    const bobCard = await harness.fake.waitFor(
      () => harness.fake.messages.filter((m) => m.channel === `D${BOB}`)[before],
      5000,
      "Bob's card",
    );
    const beforeApprove = harness.fake.homeViews(BOB).length;
    await clickCard(harness, BOB, ACTION.approve, button(bobCard, ACTION.approve).value, bobCard);
    await harness.fake.waitFor(() => harness.fake.publicPosts().length === 1, 5000, 'the publish');
    await homeWhere(harness, BOB, beforeApprove, (json) => json.includes('Waiting for you (0)'));
  });
});
