/**
 * The Slack adapter puts all its handlers behind one Bolt global middleware that dispatches on the delivery's kind
 * and id. Run through a real Bolt App: each delivery reaches exactly the handler of its kind and id; anything else
 * reaches none and goes on through Bolt (to its listeners, when there are any) as if the middleware were not there.
 */
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createDispatch } from '../../adapters/slack/listeners/dispatch.js';
import { parseDelivery } from '../../adapters/slack/parse-body.js';
import {
  appHomeOpened,
  appMention,
  blockAction,
  type Delivery,
  messageShortcut,
  slashCommand,
  viewSubmission,
} from '../../testkit/slack-requests.js';

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

const command = (name: string) =>
  bodyOf(slashCommand({ command: name, text: 'why?', user: 'U1', channel: 'C1', responseUrl: RESPONSE_URL }));

const shortcut = (callbackId: string) =>
  bodyOf(
    messageShortcut({
      callbackId,
      user: 'U1',
      channel: 'C1',
      message: { ts: '1.000002', text: 'why?' },
      responseUrl: RESPONSE_URL,
    }),
  );

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

  it('sends commands, message shortcuts and events to their handlers, and the rest on through Bolt', async () => {
    const app = boltApp();
    const dispatch = createDispatch();
    const seen: string[] = [];
    dispatch.command('/draftgate', async ({ ack, command: body }) => {
      await ack();
      seen.push(`command ${body.command}`);
    });
    dispatch.messageShortcut('draftgate_draft_reply', async ({ ack, shortcut: body }) => {
      await ack();
      seen.push(`shortcut ${body.callback_id}`);
    });
    dispatch.event('app_mention', async ({ event }) => {
      seen.push(`event ${event.type}`);
    });
    dispatch.attach(app);
    // A listener registered on the app after the middleware still gets what the middleware does not handle.
    app.command('/other', async ({ ack }) => {
      await ack();
      seen.push('listener /other');
    });

    expect(await deliver(app, command('/draftgate'))).toBe(true);
    expect(await deliver(app, shortcut('draftgate_draft_reply'))).toBe(true);
    await deliver(
      app,
      bodyOf(appMention({ user: 'U1', channel: 'C1', text: '<@UBOT> why?', ts: '1.000003' })),
    );
    expect(await deliver(app, command('/other'))).toBe(true);
    expect(seen).toEqual([
      'command /draftgate',
      'shortcut draftgate_draft_reply',
      'event app_mention',
      'listener /other',
    ]);

    // Other names, callback ids and event types reach no handler.
    expect(await deliver(app, command('/draftgate2'))).toBe(false);
    expect(await deliver(app, shortcut('draftgate_draft_reply_2'))).toBe(false);
    await deliver(app, bodyOf(appHomeOpened({ user: 'U1' })));
    // A button whose action_id is a registered command's name is still only a button.
    expect(await deliver(app, click('/draftgate'))).toBe(false);
    expect(seen).toHaveLength(4);
  });

  it('refuses two handlers for one id', () => {
    const dispatch = createDispatch();
    dispatch.button('draftgate:approve', async () => {});
    expect(() => dispatch.button('draftgate:approve', async () => {})).toThrow(/two Slack listeners/);
    // The same id for two kinds is two routes.
    expect(() => dispatch.submission('draftgate:approve', async () => {})).not.toThrow();
    expect(() => dispatch.command('', async () => {})).toThrow(/needs an id/);
  });
});
