/**
 * The expiry reminder on Slack, end to end: real Bolt, the fake Web API, real Redis. The sweep sends the requester
 * one private DM with an Extend button `policy.expiry_warning` before expiry; Extend works once and, with
 * `max_extensions: 1`, is refused the second time with a plain private message and a `denied` event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { ManualClock } from '../support/clock.js';
import {
  auditOf,
  button,
  buttons,
  clickCard,
  draftIdOf,
  requestBySlash,
  type SlackHarness,
  startSlackHarness,
} from '../support/slack-harness.js';

const ALICE = 'U0ALICE';
const HOUR = 3_600_000;
let h: SlackHarness;
const clock = new ManualClock();

beforeAll(async () => {
  h = await startSlackHarness({
    store: 'redis',
    clock,
    policy: { draft_ttl: '4h', expiry_warning: '1h', max_extensions: 1 },
  });
});
afterAll(async () => {
  await h?.close();
});

describe('Slack expiry reminders', () => {
  it('one reminder DM with Extend; Extend works once and is refused the second time', async () => {
    const { card } = await requestBySlash(h, ALICE, 'question that waits too long');
    if (!card) throw new Error('no review card');
    const draftId = draftIdOf(card);
    const before = await h.app.gate.get(draftId);
    const reminders = () =>
      h.fake.messages.filter(
        (m) => m.channel === `D${ALICE}` && buttons(m).some((b) => b.action_id === ACTION.extend),
      );

    clock.advance(2 * HOUR);
    await h.app.gate.sweep();
    expect(reminders()).toHaveLength(0);
    clock.advance(1.5 * HOUR);
    await h.app.gate.sweep();
    await h.app.gate.sweep();
    expect(reminders()).toHaveLength(1);
    const [reminder] = reminders();
    if (!reminder) throw new Error('no reminder');
    expect(reminder.text).toMatch(/expires in about 30 min and will then never be posted/);

    const first = await clickCard(h, ALICE, ACTION.extend, button(reminder, ACTION.extend).value, reminder);
    const told = await h.fake.waitFor(() => h.fake.responsesTo(first.responseId)[0], 5_000, 'the reply');
    expect(told.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(told.body.text)).toMatch(/^Extended: the draft now expires at/);
    const extended = await h.app.gate.get(draftId);
    expect(extended?.expiresAt).toBe((before?.expiresAt ?? 0) + 4 * HOUR);
    expect(extended?.state).toBe('pending');

    const second = await clickCard(h, ALICE, ACTION.extend, button(reminder, ACTION.extend).value, reminder);
    const refused = await h.fake.waitFor(
      () => h.fake.responsesTo(second.responseId)[0],
      5_000,
      'the refusal',
    );
    expect(refused.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(refused.body.text)).toMatch(/already extended once, the most policy allows/);
    expect((await h.app.gate.get(draftId))?.expiresAt).toBe(extended?.expiresAt);

    const entries = await auditOf(h, draftId);
    expect(entries.filter((e) => e.type === 'expiry_warned')).toHaveLength(1);
    expect(entries.filter((e) => e.type === 'extended')).toHaveLength(1);
    const denied = entries.filter((e) => e.type === 'denied').map((e) => JSON.parse(e.detail));
    expect(denied).toEqual([{ action: 'extend', reason: 'max_extensions' }]);
  });
});
