/**
 * Discord over HTTP interactions (real discord.js REST against the fake API): a channel denied by a name pattern
 * is refused on the slash command and on the message context-menu command, also when the interaction carries no
 * channel name (draftgate then asks GET /channels/{id}), each with a `denied` audit event; interactions for another
 * application than DISCORD_APPLICATION_ID are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordHarness, startDiscordHarness } from '../support/discord-harness.js';
import {
  APP_ID,
  messageCommand,
  slashCommand,
  snowflake,
  type TestUser,
} from '../support/discord-payloads.js';

const alice: TestUser = { id: '600000000000000001', username: 'alice' };
const author: TestUser = { id: '600000000000000009', username: 'author' };
const SECOPS = '710000000000000777';

describe('Discord: denied channels and foreign applications', () => {
  let h: DiscordHarness;

  beforeAll(async () => {
    h = await startDiscordHarness({ mode: 'http', config: { policy: { denied_channels: ['#secops-*'] } } });
    h.fake.channelNames.set(SECOPS, 'secops-prod');
  });
  afterAll(async () => {
    await h?.close();
  });

  async function deniedReasons(channel: string): Promise<string[]> {
    const entries = await h.app.stores.audit.range({});
    return entries
      .filter((entry) => entry.type === 'denied' && entry.channel === channel)
      .map((entry) => JSON.parse(entry.detail).reason as string);
  }

  const dmCards = () =>
    h.fake.callsTo('POST', new RegExp(`^/channels/${h.fake.dmChannelOf(alice.id)}/messages$`));

  it('refuses the slash command in a channel whose name matches', async () => {
    const res = await h.post(
      slashCommand(alice, 'prod access?', { channel: SECOPS, channelName: 'secops-prod' }),
    );
    expect(res.status).toBe(200);
    await expect.poll(() => deniedReasons(SECOPS)).toEqual(['channel_denied']);
    expect(h.agentCalls).toEqual([]);
  });

  it('refuses the slash command when the payload has no channel name: the name comes from the API', async () => {
    const res = await h.post(slashCommand(alice, 'prod access?', { channel: SECOPS, channelName: null }));
    expect(res.status).toBe(200);
    await expect.poll(() => deniedReasons(SECOPS)).toEqual(['channel_denied', 'channel_denied']);
    expect(h.fake.callsTo('GET', new RegExp(`^/channels/${SECOPS}$`)).length).toBeGreaterThan(0);
    expect(h.agentCalls).toEqual([]);
  });

  it('refuses the context-menu command there, named or not', async () => {
    for (const channelName of ['secops-prod', null]) {
      const target = { id: snowflake(), content: 'how do I get prod?', author, channel: SECOPS, channelName };
      expect((await h.post(messageCommand(alice, target))).status).toBe(200);
    }
    await expect.poll(async () => (await deniedReasons(SECOPS)).length).toBe(4);
    expect(h.agentCalls).toEqual([]);
    expect(dmCards()).toEqual([]);
  });

  it('refuses a channel whose name cannot be looked up', async () => {
    const unknown = '710000000000000888';
    expect((await h.post(slashCommand(alice, 'hi?', { channel: unknown, channelName: null }))).status).toBe(
      200,
    );
    await expect.poll(() => deniedReasons(unknown)).toEqual(['channel_name_unknown']);
  });

  it('refuses interactions for another application, PING included', async () => {
    const other = '900000000000000999';
    const ping = { id: snowflake(), application_id: other, type: 1, token: 'x', version: 1 };
    expect((await h.post(ping)).status).toBe(403);
    const command = { ...slashCommand(alice, 'hi?'), application_id: other };
    const before = h.agentCalls.length;
    expect((await h.post(command)).status).toBe(403);
    expect(h.agentCalls.length).toBe(before);
    const ours = { id: snowflake(), application_id: APP_ID, type: 1, token: 'x', version: 1 };
    expect((await h.post(ours)).status).toBe(200);
  });
});
