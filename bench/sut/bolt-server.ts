/**
 * Child process: a bare Bolt app (its own HTTPReceiver on `POST /slack/events`) that only acks: the baseline for
 * draftgate's ack latency. It verifies signatures like any Bolt app, and acks the same payloads with the same
 * bodies as draftgate (the slash command's private "drafting" note; an empty ack for a button).
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { ACTION } from '../../adapters/slack/action-ids.js';
import { DRAFTING_MESSAGE } from '../../adapters/slack/listeners/listener-deps.js';
import { BENCH_BOT_ID, BENCH_BOT_USER } from '../lib/bench-slack-api.js';
import { serveParent } from '../lib/child-process.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { signingSecret: string };
const receiver = new HTTPReceiver({ signingSecret: args.signingSecret, endpoints: '/slack/events' });
const app = new App({
  receiver,
  logLevel: LogLevel.WARN,
  // A static authorization, so that no auth.test call is ever made: nothing but the ack.
  authorize: async () => ({ botToken: 'xoxb-bench-token', botId: BENCH_BOT_ID, botUserId: BENCH_BOT_USER }),
});
app.action({ type: 'block_actions', action_id: ACTION.approve }, async ({ ack }) => {
  await ack();
});
app.command('/draftgate', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: DRAFTING_MESSAGE });
});
const server = (await app.start({ port: 0, host: '127.0.0.1' })) as {
  address(): AddressInfo | string | null;
};
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('Bolt did not listen on a TCP port');

serveParent(
  { url: `http://127.0.0.1:${address.port}`, pid: process.pid },
  { cpu: async () => process.cpuUsage() },
  async () => {
    await app.stop();
  },
);
