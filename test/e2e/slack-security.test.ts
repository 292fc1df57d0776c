/**
 * Slack, attacked at its HTTP boundary (real Bolt against the fake Web API): a channel denied by a name pattern is
 * refused on the slash command, the message shortcut and an @mention (whose payload carries no channel name, so
 * draftgate asks conversations.info), each with a `denied` audit event; an interactive payload without a user is
 * a 400, not a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appMention, blockAction, messageShortcut, slashCommand } from '../../testkit/slack-requests.js';
import { auditOf, type SlackHarness, startSlackHarness } from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const DENIED = 'C0SECOPS';
const ALLOWED = 'C0ENGHELP';

async function deniedReasons(h: SlackHarness, channel: string): Promise<string[]> {
  return (await auditOf(h))
    .filter((entry) => entry.type === 'denied' && entry.channel === channel)
    .map((entry) => JSON.parse(entry.detail).reason as string);
}

describe('Slack: denied channels on every request path', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ store: 'redis', policy: { denied_channels: ['#secops-*'] } });
    h.fake.channelNames.set(DENIED, 'secops-prod');
    h.fake.channelNames.set(ALLOWED, 'eng-help');
  });
  afterAll(async () => {
    await h?.close();
  });

  const cardsFor = (user: string) => h.fake.messages.filter((m) => m.channel === `D${user}`).length;

  it('refuses the slash command in a channel whose name matches', async () => {
    const cards = cardsFor(ALICE);
    const delivery = slashCommand({
      fake: h.fake,
      text: 'hi?',
      user: ALICE,
      channel: DENIED,
      channelName: 'secops-prod',
    });
    expect((await h.sender.send(delivery)).status).toBe(200);
    await h.slack.idle();
    expect(cardsFor(ALICE)).toBe(cards);
    expect(await deniedReasons(h, DENIED)).toEqual(['channel_denied']);
  });

  it('refuses the message shortcut there', async () => {
    const before = (await deniedReasons(h, DENIED)).length;
    const delivery = messageShortcut({
      fake: h.fake,
      user: ALICE,
      channel: DENIED,
      channelName: 'secops-prod',
      message: { ts: '1699999999.000100', text: 'how do I get prod access?' },
    });
    expect((await h.sender.send(delivery)).status).toBe(200);
    await h.slack.idle();
    expect((await deniedReasons(h, DENIED)).slice(before)).toEqual(['channel_denied']);
  });

  it('refuses an @mention there: the name comes from conversations.info', async () => {
    const before = (await deniedReasons(h, DENIED)).length;
    const cards = cardsFor(ALICE);
    const mention = appMention({
      user: ALICE,
      channel: DENIED,
      text: '<@U0BOT> how do I get prod access?',
      ts: '1699999999.000200',
    });
    expect((await h.sender.send(mention)).status).toBe(200);
    await h.slack.idle();
    expect(h.fake.callsTo('conversations.info').map((call) => call.params.channel)).toContain(DENIED);
    expect(cardsFor(ALICE)).toBe(cards);
    expect((await deniedReasons(h, DENIED)).slice(before)).toEqual(['channel_denied']);
    expect(h.fake.publicPosts().filter((call) => call.params.channel === DENIED)).toEqual([]);
  });

  it('refuses an @mention where the name cannot be looked up (fail closed)', async () => {
    const mention = appMention({
      user: ALICE,
      channel: 'C0UNKNOWN',
      text: '<@U0BOT> hello?',
      ts: '1699999999.000300',
    });
    expect((await h.sender.send(mention)).status).toBe(200);
    await h.slack.idle();
    expect(await deniedReasons(h, 'C0UNKNOWN')).toEqual(['channel_name_unknown']);
  });

  it('drafts an @mention in an allowed channel', async () => {
    const cards = cardsFor(ALICE);
    const mention = appMention({
      user: ALICE,
      channel: ALLOWED,
      text: '<@U0BOT> how do I read logs?',
      ts: '1699999999.000400',
    });
    expect((await h.sender.send(mention)).status).toBe(200);
    await h.slack.idle();
    expect(cardsFor(ALICE)).toBe(cards + 1);
    expect(await deniedReasons(h, ALLOWED)).toEqual([]);
  });

  it('answers 400 to a block_actions payload without a user, and changes nothing', async () => {
    const delivery = blockAction({
      fake: h.fake,
      actionId: 'draftgate:approve',
      value: 'x:1',
      user: ALICE,
      channel: `D${ALICE}`,
      messageTs: '1.1',
    });
    const form = new URLSearchParams(delivery.body);
    const payload = JSON.parse(form.get('payload') ?? '{}') as Record<string, unknown>;
    delete payload.user;
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const audit = (await auditOf(h)).length;
    const reply = await h.sender.send({ contentType: delivery.contentType, body });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('without a user');
    expect((await auditOf(h)).length).toBe(audit);
  });
});
