/**
 * The Slack adapter registers one Bolt listener for its buttons and one for its modals, dispatching on the id. Run
 * through a real Bolt App: each delivery reaches exactly the handler of its id; ids nobody registered reach none.
 */
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../adapters/slack/listeners/dispatch.js';
import { parseDelivery } from '../../adapters/slack/parse-body.js';
import { blockAction, type Delivery, viewSubmission } from '../../testkit/slack-requests.js';

const RESPONSE_URL = 'https://hooks.slack.test/response';

function boltApp(): App {
  return new App({
    signingSecret: 'unused',
    // No network: the one bot token, as draftgate's own authorize returns it.
    authorize: async () => ({ botToken: 'xoxb-test', botUserId: 'UBOT', botId: 'BBOT' }),
    convoStore: false,
  });
}

/** A delivery built by testkit, as the route receiver parses it before handing it to Bolt. */
function bodyOf(delivery: Delivery): object {
  const parsed = parseDelivery(delivery.contentType, Buffer.from(delivery.body));
  if (parsed.kind !== 'payload') throw new Error(`not a payload: ${parsed.kind}`);
  return parsed.body;
}

const click = (actionId: string) =>
  bodyOf(
    blockAction({
      actionId,
      value: 'v',
      user: 'U1',
      channel: 'D1',
      messageTs: '1.000001',
      responseUrl: RESPONSE_URL,
    }),
  );

const submission = (callbackId: string) =>
  bodyOf(viewSubmission({ callbackId, privateMetadata: '', user: 'U1', values: {} }));

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
