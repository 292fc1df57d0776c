/**
 * The Slack adapter registers one Bolt listener for its buttons and one for its modals, dispatching on the id. Run
 * through a real Bolt App: each delivery reaches exactly the handler of its id; ids nobody registered reach none.
 */
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../adapters/slack/listeners/dispatch.js';

function boltApp(): App {
  return new App({
    signingSecret: 'unused',
    // No network: the one bot token, as draftgate's own authorize returns it.
    authorize: async () => ({ botToken: 'xoxb-test', botUserId: 'UBOT', botId: 'BBOT' }),
    convoStore: false,
  });
}

const click = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1', team_id: 'T1' },
  api_app_id: 'A1',
  token: 'unused',
  trigger_id: '1.2.3',
  container: { type: 'message', channel_id: 'D1', message_ts: '1.000001' },
  channel: { id: 'D1' },
  response_url: 'https://hooks.slack.test/response',
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1.000002' }],
});

const submission = (callbackId: string) => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: 'U1', team_id: 'T1' },
  api_app_id: 'A1',
  token: 'unused',
  trigger_id: '1.2.3',
  view: { id: 'V1', callback_id: callbackId, private_metadata: '', state: { values: {} } },
});

async function deliver(app: App, body: object): Promise<boolean> {
  let acked = false;
  await app.processEvent({
    body,
    ack: async () => {
      acked = true;
    },
  });
  return acked;
}

describe('Slack listener dispatch', () => {
  it('sends each button and modal to the handler of its id, and nothing else anywhere', async () => {
    const app = boltApp();
    const dispatch = createDispatch();
    const seen: string[] = [];
    for (const id of ['draftgate:approve', 'draftgate:discard']) {
      dispatch.button(id, async ({ ack, action }) => {
        await ack();
        seen.push(`button ${id} ${action.action_id}`);
      });
    }
    dispatch.submission('draftgate:edit_modal', async ({ ack, view }) => {
      await ack();
      seen.push(`submission ${view.callback_id}`);
    });
    dispatch.attach(app);

    expect(await deliver(app, click('draftgate:discard'))).toBe(true);
    expect(await deliver(app, click('draftgate:approve'))).toBe(true);
    expect(await deliver(app, submission('draftgate:edit_modal'))).toBe(true);
    expect(seen).toEqual([
      'button draftgate:discard draftgate:discard',
      'button draftgate:approve draftgate:approve',
      'submission draftgate:edit_modal',
    ]);

    // Ids that only look like registered ones (a prefix, a suffix, a regex metacharacter) reach no handler and are
    // not acked, as when no listener existed for them.
    for (const other of ['draftgate:approve2', 'xdraftgate:approve', 'draftgate:approv.', 'draftgate']) {
      expect(await deliver(app, click(other))).toBe(false);
    }
    expect(await deliver(app, submission('draftgate:edit_modal_other'))).toBe(false);
    expect(seen).toHaveLength(3);
  });

  it('refuses two handlers for one id', () => {
    const dispatch = createDispatch();
    dispatch.button('draftgate:approve', async () => {});
    expect(() => dispatch.button('draftgate:approve', async () => {})).toThrow(/two Slack listeners/);
  });
});
