/**
 * How many Slack Web API calls a full flow costs (slash command → review card → Approve → publish → card update),
 * counted at the fake Slack API, so that the count cannot creep back up. The DM channel id of a user is known after
 * their first card (cached in Redis with a TTL), and so is the workspace's permalink base after the first publish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import {
  button,
  clickCard,
  requestBySlash,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

let h: SlackHarness;

beforeAll(async () => {
  h = await startSlackHarness({ store: 'redis' });
});

afterAll(async () => {
  await h?.close();
});

async function flow(user: string, text: string): Promise<Record<string, number>> {
  const before = h.fake.calls.length;
  const { card } = await requestBySlash(h, user, text);
  if (!card) throw new Error('no review card reached the DM');
  await clickCard(h, user, ACTION.approve, button(card, ACTION.approve).value, card);
  const counts: Record<string, number> = {};
  for (const call of h.fake.calls.slice(before)) counts[call.method] = (counts[call.method] ?? 0) + 1;
  return counts;
}

describe('Slack Web API calls per flow', () => {
  it('a repeat requester costs three calls: post the card, publish, update the card', async () => {
    // Bolt checks its token once per process (auth.test) before the first delivery.
    const first = await flow('U0COUNT1', 'first question');
    expect(first).toEqual({
      'auth.test': 1,
      'conversations.open': 1,
      'chat.postMessage': 2,
      'chat.getPermalink': 1,
      'chat.update': 1,
    });
    const again = await flow('U0COUNT1', 'second question');
    expect(again).toEqual({ 'chat.postMessage': 2, 'chat.update': 1 });
    // A new requester needs their DM opened once; the permalink base is known by now.
    const other = await flow('U0COUNT2', 'a question from someone else');
    expect(other).toEqual({ 'conversations.open': 1, 'chat.postMessage': 2, 'chat.update': 1 });
  });
});
