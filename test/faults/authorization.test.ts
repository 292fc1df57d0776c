/**
 * Authorization under randomized clicks: on Slack and on Discord, 600 clicks each (1,200 in all) on review cards by
 * the wrong people (other users; users of other workspaces or guilds, including the requester's own id there) and
 * by the requester on stale (old version), expired and discarded drafts, and on drafts already published. Every
 * decision a card offers is tried: Approve, Approve after the confirm dialog, Edit and its submission, Regenerate
 * and its submission, Discard, Retract. None publishes (no post to the target channel, no `published` event, no
 * retraction), and after every batch each clicked draft is exactly as it was. Valid Approve clicks by the requester
 * on separate control drafts, mixed in at random, publish: the harness would see a publish if one slipped through.
 * `FUZZ_SEED=<seed>` replays the same clicks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK, INPUT, VIEW } from '../../adapters/slack/action-ids.js';
import type { App } from '../../src/app.js';
import type { AuditEntry } from '../../src/core/audit-event.js';
import { slashCommand, viewSubmission } from '../../testkit/slack-requests.js';
import { ManualClock } from '../support/clock.js';
import { buttonId } from '../support/discord-harness.js';
import {
  buttonClick,
  type CardMessageRef,
  slashCommand as discordSlash,
  modalSubmit,
  type TestUser,
} from '../support/discord-payloads.js';
import { FAKE_TEAM } from '../support/fake-slack-api.js';
import { CLICK_ACTIONS, type ClickAction, discordClick, slackClick } from '../support/fuzz/clicks.js';
import { type ClockedDiscordHarness, startClockedDiscordHarness } from '../support/fuzz/discord-harness.js';
import { fuzzSeed, Random, withSeed } from '../support/fuzz/random.js';
import { RecordingAgent } from '../support/recording-agent.js';
import { draftIdOf, type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

const SEED = fuzzSeed();
/** Refused clicks per platform (1,200 in all), plus the control clicks. */
const CLICKS = 600;
const CONTROLS = 5;
const BATCH = 8;
const PER_STATE = 3;
const TTL_MS = 60 * 60_000;

type Category = 'other_user' | 'other_workspace' | 'stale' | 'expired' | 'discarded' | 'published_by_others';

const CATEGORY_WEIGHTS: readonly (readonly [number, Category])[] = [
  [30, 'other_user'],
  [20, 'other_workspace'],
  [15, 'stale'],
  [15, 'expired'],
  [15, 'discarded'],
  [5, 'published_by_others'],
];

/** What may appear in the audit log for drafts that nobody allowed to act on clicked. */
const REFUSAL_TYPES = new Set(['denied', 'stale_click']);

interface Planned<T> {
  category: Category | 'control';
  action: ClickAction;
  draftId: string;
  describe: string;
  payload: T;
}

/** Chooses the category, the draft (with the version its card showed) and the action of one refused click. */
function chooseClick<D extends { id: string }>(
  rng: Random,
  pools: Record<'pending' | 'stale' | 'expired' | 'discarded' | 'published', D[]>,
): { category: Category; draft: D; version: number; action: ClickAction; byRequester: boolean } {
  let category = rng.weighted(CATEGORY_WEIGHTS);
  if (category === 'published_by_others' && pools.published.length === 0) category = 'other_user';
  const action = rng.pick(CLICK_ACTIONS);
  switch (category) {
    case 'other_user':
    case 'other_workspace':
      return { category, draft: rng.pick(pools.pending), version: 1, action, byRequester: false };
    case 'stale':
      // The draft is at version 2; the card clicked still shows version 1.
      return { category, draft: rng.pick(pools.stale), version: 1, action, byRequester: rng.chance(0.8) };
    case 'expired':
      return { category, draft: rng.pick(pools.expired), version: 1, action, byRequester: rng.chance(0.8) };
    case 'discarded':
      return { category, draft: rng.pick(pools.discarded), version: 1, action, byRequester: rng.chance(0.8) };
    case 'published_by_others':
      return { category, draft: rng.pick(pools.published), version: 1, action, byRequester: false };
  }
}

async function freeze(app: App, id: string): Promise<string> {
  return JSON.stringify(await app.gate.get(id));
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The audit entries since `from`, checked: only refusals, except the control drafts' approval and publication. */
function checkAudit(entries: AuditEntry[], controls: ReadonlySet<string>) {
  const unexpected = entries.filter(
    (e) =>
      !REFUSAL_TYPES.has(e.type) &&
      !(controls.has(e.draft_id) && (e.type === 'approved' || e.type === 'published')),
  );
  const reasons = new Set(
    entries
      .filter((e) => e.type === 'denied')
      .map((e) => (JSON.parse(e.detail) as { reason?: string }).reason),
  );
  return {
    unexpected: unexpected.map((e) => `${e.type} ${e.draft_id} by ${e.actor}`),
    published: entries.filter((e) => e.type === 'published').map((e) => e.draft_id),
    reasons,
    staleClicks: entries.filter((e) => e.type === 'stale_click').length,
  };
}

describe('Slack: randomized clicks by the wrong people or at the wrong time never publish', () => {
  const ALICE = 'U0ALICE';
  const TARGET = 'C0TARGET';
  const CONTROL = 'C0CONTROL';
  const clock = ManualClock.offset();
  const agent = new RecordingAgent((request) => ({ ok: true, text: `Answer to: ${request.question}` }));
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ store: 'redis', agent, clock, policy: { draft_ttl: TTL_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  interface SlackDraft {
    id: string;
    card: { channel: string; ts: string };
  }

  async function request(question: string, channel: string): Promise<SlackDraft> {
    const before = h.fake.messages.length;
    const reply = await h.sender.send(slashCommand({ fake: h.fake, text: question, user: ALICE, channel }));
    expect(reply.status).toBe(200);
    await h.slack.idle();
    const card = h.fake.messages.slice(before).find((m) => m.channel === `D${ALICE}`);
    if (!card) throw new Error('no review card reached the DM');
    return { id: draftIdOf(card), card: { channel: card.channel, ts: card.ts } };
  }

  it(`${CLICKS} refused clicks publish nothing and change no draft; ${CONTROLS} valid clicks publish`, async () => {
    await withSeed(SEED, async () => {
      const rng = new Random(SEED);
      const pools = { pending: [], stale: [], expired: [], discarded: [], published: [] } as Record<
        'pending' | 'stale' | 'expired' | 'discarded' | 'published',
        SlackDraft[]
      >;
      for (let i = 0; i < PER_STATE; i++) pools.expired.push(await request(`will expire ${i}`, TARGET));
      clock.advance(TTL_MS + 60_000);
      expect((await h.app.gate.sweep()).expired).toBe(PER_STATE);
      for (let i = 0; i < PER_STATE; i++) {
        const draft = await request(`will be discarded ${i}`, TARGET);
        const card = draft.card;
        await h.sender.send(
          slackClick({
            fake: h.fake,
            action: 'discard',
            draftId: draft.id,
            version: 1,
            user: ALICE,
            team: FAKE_TEAM,
            card,
          }),
        );
        await h.slack.idle();
        pools.discarded.push(draft);
      }
      for (let i = 0; i < PER_STATE; i++) {
        const draft = await request(`will be edited ${i}`, TARGET);
        await h.sender.send(
          viewSubmission({
            callbackId: VIEW.edit,
            privateMetadata: `${draft.id}:1`,
            user: ALICE,
            values: { [BLOCK.editText]: { [INPUT.editText]: `Version two of draft ${i}.` } },
          }),
        );
        await h.slack.idle();
        pools.stale.push(draft);
      }
      for (let i = 0; i < PER_STATE; i++) pools.pending.push(await request(`pending ${i}`, TARGET));
      const controls: SlackDraft[] = [];
      for (let i = 0; i < CONTROLS; i++) controls.push(await request(`control ${i}`, CONTROL));
      for (const draft of pools.expired) expect((await h.app.gate.get(draft.id))?.state).toBe('expired');
      for (const draft of pools.discarded) expect((await h.app.gate.get(draft.id))?.state).toBe('discarded');
      for (const draft of pools.stale) expect((await h.app.gate.get(draft.id))?.version).toBe(2);
      for (const draft of pools.pending) expect((await h.app.gate.get(draft.id))?.state).toBe('pending');

      const frozen = new Map<string, string>();
      for (const pool of Object.values(pools))
        for (const draft of pool) frozen.set(draft.id, await freeze(h.app, draft.id));
      const auditFrom = (await h.app.stores.audit.range({})).length;
      const callsFrom = h.fake.calls.length;
      const total = CLICKS + CONTROLS;
      const controlAt = new Set(rng.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, CONTROLS));
      const changed: string[] = [];
      const statuses: number[] = [];
      const categories: Record<string, number> = {};
      let nextControl = 0;

      for (let start = 0; start < total; start += BATCH) {
        const batch: Planned<ReturnType<typeof slackClick>>[] = [];
        for (let i = start; i < Math.min(start + BATCH, total); i++) {
          if (controlAt.has(i)) {
            const draft = controls[nextControl++];
            if (!draft) throw new Error('ran out of control drafts');
            batch.push({
              category: 'control',
              action: 'approve',
              draftId: draft.id,
              describe: `control approve ${draft.id}`,
              payload: slackClick({
                fake: h.fake,
                action: 'approve',
                draftId: draft.id,
                version: 1,
                user: ALICE,
                team: FAKE_TEAM,
                card: draft.card,
              }),
            });
            continue;
          }
          const click = chooseClick(rng, pools);
          const otherTeam =
            click.category === 'other_workspace' ||
            (click.category === 'published_by_others' && rng.chance(0.5));
          const user = click.byRequester
            ? ALICE
            : rng.pick([otherTeam ? ALICE : 'U0MALLORY', 'U0MALLORY', 'U0BOB', `U0R${rng.int(100_000)}`]);
          const team = otherTeam ? rng.pick(['T0OTHER', 'T0EVIL']) : FAKE_TEAM;
          categories[click.category] = (categories[click.category] ?? 0) + 1;
          batch.push({
            category: click.category,
            action: click.action,
            draftId: click.draft.id,
            describe: `#${i} ${click.category} ${click.action} by ${user}@${team} on ${click.draft.id} v${click.version}`,
            payload: slackClick({
              fake: h.fake,
              action: click.action,
              draftId: click.draft.id,
              version: click.version,
              user,
              team,
              card: click.draft.card,
            }),
          });
        }
        const replies = await Promise.all(batch.map((click) => h.sender.send(click.payload)));
        statuses.push(...replies.map((reply) => reply.status));
        await h.slack.idle();
        for (const click of batch) {
          if (click.category === 'control') {
            const draft = controls.find((c) => c.id === click.draftId);
            expect((await h.app.gate.get(click.draftId))?.state, click.describe).toBe('published');
            if (draft) {
              pools.published.push(draft);
              frozen.set(draft.id, await freeze(h.app, draft.id));
            }
            continue;
          }
          if ((await freeze(h.app, click.draftId)) !== frozen.get(click.draftId))
            changed.push(click.describe);
        }
      }

      console.log(
        `Slack authorization (seed ${SEED}): ${CLICKS} refused clicks ${JSON.stringify(categories)}`,
      );
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(changed).toEqual([]);
      for (const [id, state] of frozen) expect(await freeze(h.app, id), id).toBe(state);
      const calls = h.fake.calls.slice(callsFrom);
      const posts = (channel: string) =>
        calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel);
      expect(posts(TARGET)).toHaveLength(0);
      expect(
        calls.filter(
          (c) =>
            c.method === 'chat.postMessage' &&
            !String(c.params.channel).startsWith('D') &&
            c.params.channel !== CONTROL,
        ),
      ).toHaveLength(0);
      expect(calls.filter((c) => c.method === 'chat.delete')).toHaveLength(0);
      expect(posts(CONTROL)).toHaveLength(CONTROLS);

      const audit = checkAudit(
        (await h.app.stores.audit.range({})).slice(auditFrom),
        new Set(controls.map((c) => c.id)),
      );
      expect(audit.unexpected).toEqual([]);
      expect(audit.published.sort()).toEqual(controls.map((c) => c.id).sort());
      expect([...audit.reasons]).toEqual(expect.arrayContaining(['wrong_workspace', 'not_an_approver']));
      expect(audit.staleClicks).toBeGreaterThan(0);
      for (const [, category] of CATEGORY_WEIGHTS)
        expect(categories[category] ?? 0, category).toBeGreaterThan(0);
    });
  }, 120_000);
});

describe('Discord: randomized clicks by the wrong people or at the wrong time never publish', () => {
  const alice: TestUser = { id: '600000000000000001', username: 'alice' };
  const others: TestUser[] = [
    { id: '600000000000000002', username: 'mallory' },
    { id: '600000000000000003', username: 'bob' },
  ];
  const TARGET = '710000000000000001';
  const CONTROL = '710000000000000099';
  const OTHER_GUILDS = ['700000000000000066', '700000000000000077'];
  const clock = ManualClock.offset();
  let h: ClockedDiscordHarness;

  beforeAll(async () => {
    h = await startClockedDiscordHarness({ clock, policy: { draft_ttl: TTL_MS } });
  });
  afterAll(async () => {
    await h?.close();
  });

  interface DiscordDraft {
    id: string;
    card: CardMessageRef;
  }

  const dm = () => h.fake.dmChannelOf(alice.id);
  const cardPosts = () => h.fake.callsTo('POST', new RegExp(`^/channels/${dm()}/messages$`));
  const webhookCalls = (token: string) =>
    h.fake.calls.filter((c) => (c.method === 'POST' || c.method === 'PATCH') && c.path.includes(`/${token}`));

  async function request(question: string, channel: string): Promise<DiscordDraft> {
    const before = cardPosts().length;
    const command = discordSlash(alice, question, { channel });
    expect((await h.post(command)).status).toBe(200);
    const card = await h.fake.waitFor(() => cardPosts()[before], 5_000, 'the review card');
    // The request ends with an edit of its deferred reply; wait for it so that nothing is in flight.
    await h.fake.waitFor(() => webhookCalls(command.token).length > 0, 5_000, 'the request reply');
    const message = h.fake.messages.get(dm())?.at(-1);
    if (!message) throw new Error('no card in the DM channel');
    return {
      id: buttonId(card.body, 'approve').split(':')[2] ?? '',
      card: { id: message.id, channel_id: dm(), components: message.components },
    };
  }

  /** Sends one interaction and waits until the handler has finished with it (its last call to the fake). */
  async function click(payload: Record<string, unknown> & { token: string }): Promise<number> {
    const res = await h.post(payload);
    const answer = (await res.json().catch(() => ({}))) as { type?: number };
    // 5 (deferred reply) and 6 (deferred update) are followed by a follow-up or an edit on the token when refused.
    if (answer.type === 5 || answer.type === 6)
      await h.fake.waitFor(
        () => webhookCalls(payload.token).length > 0,
        10_000,
        `the answer to ${payload.token}`,
      );
    return res.status;
  }

  it(`${CLICKS} refused clicks publish nothing and change no draft; ${CONTROLS} valid clicks publish`, async () => {
    await withSeed(SEED, async () => {
      const rng = new Random(SEED ^ 0x5bd1e995);
      const pools = { pending: [], stale: [], expired: [], discarded: [], published: [] } as Record<
        'pending' | 'stale' | 'expired' | 'discarded' | 'published',
        DiscordDraft[]
      >;
      for (let i = 0; i < PER_STATE; i++) pools.expired.push(await request(`will expire ${i}`, TARGET));
      clock.advance(TTL_MS + 60_000);
      expect((await h.app.gate.sweep()).expired).toBe(PER_STATE);
      for (let i = 0; i < PER_STATE; i++) {
        const draft = await request(`will be discarded ${i}`, TARGET);
        await h.post(buttonClick(alice, draft.card, `draftgate:discard:${draft.id}:1`));
        await eventually(
          () => h.app.gate.get(draft.id),
          (d) => d?.state === 'discarded',
          'the discard',
        );
        pools.discarded.push(draft);
      }
      for (let i = 0; i < PER_STATE; i++) {
        const draft = await request(`will be edited ${i}`, TARGET);
        const submit = modalSubmit(alice, dm(), `draftgate:edit-modal:${draft.id}:1`, {
          text: `Version two of draft ${i}.`,
        });
        await h.post(submit);
        await h.fake.waitFor(() => webhookCalls(submit.token).length > 0, 5_000, 'the edit');
        expect((await h.app.gate.get(draft.id))?.version).toBe(2);
        pools.stale.push(draft);
      }
      for (let i = 0; i < PER_STATE; i++) pools.pending.push(await request(`pending ${i}`, TARGET));
      const controls: DiscordDraft[] = [];
      for (let i = 0; i < CONTROLS; i++) controls.push(await request(`control ${i}`, CONTROL));
      for (const draft of pools.expired) expect((await h.app.gate.get(draft.id))?.state).toBe('expired');
      for (const draft of pools.discarded) expect((await h.app.gate.get(draft.id))?.state).toBe('discarded');
      for (const draft of pools.pending) expect((await h.app.gate.get(draft.id))?.state).toBe('pending');

      const frozen = new Map<string, string>();
      for (const pool of Object.values(pools))
        for (const draft of pool) frozen.set(draft.id, await freeze(h.app, draft.id));
      const auditFrom = (await h.app.stores.audit.range({})).length;
      const callsFrom = h.fake.calls.length;
      const total = CLICKS + CONTROLS;
      const controlAt = new Set(rng.shuffle(Array.from({ length: total }, (_, i) => i)).slice(0, CONTROLS));
      const changed: string[] = [];
      const statuses: number[] = [];
      const categories: Record<string, number> = {};
      let nextControl = 0;
      const published = async (id: string) =>
        (await h.app.stores.audit.range({ draftId: id })).some((e) => e.type === 'published');

      for (let start = 0; start < total; start += BATCH) {
        const batch: Planned<Record<string, unknown> & { token: string }>[] = [];
        for (let i = start; i < Math.min(start + BATCH, total); i++) {
          if (controlAt.has(i)) {
            const draft = controls[nextControl++];
            if (!draft) throw new Error('ran out of control drafts');
            batch.push({
              category: 'control',
              action: 'approve',
              draftId: draft.id,
              describe: `control approve ${draft.id}`,
              payload: buttonClick(alice, draft.card, `draftgate:approve:${draft.id}:1`),
            });
            continue;
          }
          const choice = chooseClick(rng, pools);
          const otherGuild =
            choice.category === 'other_workspace' ||
            (choice.category === 'published_by_others' && rng.chance(0.5));
          const user = choice.byRequester
            ? alice
            : rng.pick([
                ...(otherGuild ? [alice] : []),
                ...others,
                { id: `6${String(rng.int(1e9)).padStart(17, '0')}`, username: 'random' },
              ]);
          const guild = otherGuild ? rng.pick(OTHER_GUILDS) : undefined;
          categories[choice.category] = (categories[choice.category] ?? 0) + 1;
          batch.push({
            category: choice.category,
            action: choice.action,
            draftId: choice.draft.id,
            describe: `#${i} ${choice.category} ${choice.action} by ${user.username}@${guild ?? 'dm'} on ${choice.draft.id} v${choice.version}`,
            payload: discordClick({
              action: choice.action,
              draftId: choice.draft.id,
              version: choice.version,
              user,
              ...(guild ? { guild } : {}),
              card: choice.draft.card,
            }),
          });
        }
        statuses.push(
          ...(await Promise.all(
            batch.map((planned) =>
              planned.category === 'control'
                ? h.post(planned.payload).then((r) => r.status)
                : click(planned.payload),
            ),
          )),
        );
        for (const planned of batch) {
          if (planned.category === 'control') {
            await eventually(() => published(planned.draftId), Boolean, planned.describe);
            const draft = controls.find((c) => c.id === planned.draftId);
            if (draft) {
              pools.published.push(draft);
              frozen.set(draft.id, await freeze(h.app, draft.id));
            }
            continue;
          }
          if ((await freeze(h.app, planned.draftId)) !== frozen.get(planned.draftId))
            changed.push(planned.describe);
        }
      }

      console.log(
        `Discord authorization (seed ${SEED}): ${CLICKS} refused clicks ${JSON.stringify(categories)}`,
      );
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(changed).toEqual([]);
      for (const [id, state] of frozen) expect(await freeze(h.app, id), id).toBe(state);
      const calls = h.fake.calls.slice(callsFrom);
      const posts = (channel: string) =>
        calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`);
      expect(posts(TARGET)).toHaveLength(0);
      expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
      expect(posts(CONTROL)).toHaveLength(CONTROLS);
      // Only DMs (cards, private notes) and the control channel were posted to.
      const dmChannels = new Set(
        h.fake
          .callsTo('POST', /^\/users\/@me\/channels$/)
          .map((c) => h.fake.dmChannelOf(String((c.body as { recipient_id?: unknown }).recipient_id))),
      );
      const postedChannels = new Set(
        calls
          .filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path))
          .map((c) => c.path.split('/')[2] ?? ''),
      );
      expect(
        [...postedChannels].filter((channel) => channel !== CONTROL && !dmChannels.has(channel)),
      ).toEqual([]);

      const audit = checkAudit(
        (await h.app.stores.audit.range({})).slice(auditFrom),
        new Set(controls.map((c) => c.id)),
      );
      expect(audit.unexpected).toEqual([]);
      expect(audit.published.sort()).toEqual(controls.map((c) => c.id).sort());
      // A DM names no guild, so a DM click by someone the card was not sent to is refused as not_a_reviewer
      // (Policy decides it since the DM workspace rule left the Discord adapter); guild clicks meet wrong_workspace.
      expect([...audit.reasons]).toEqual(expect.arrayContaining(['wrong_workspace', 'not_a_reviewer']));
      expect(audit.staleClicks).toBeGreaterThan(0);
      for (const [, category] of CATEGORY_WEIGHTS)
        expect(categories[category] ?? 0, category).toBeGreaterThan(0);
    });
  }, 120_000);
});
