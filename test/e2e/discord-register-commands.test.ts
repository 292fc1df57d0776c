/** Command registration through discord.js's REST client against the fake Discord API. */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { type FakeDiscordApi, startFakeDiscordApi } from '../support/fake-discord-api.js';

describe('registerCommands', () => {
  let fake: FakeDiscordApi;
  let rest: REST;

  beforeAll(async () => {
    fake = await startFakeDiscordApi();
    rest = new REST({ api: fake.apiUrl, retries: 0, timeout: 2_000 }).setToken('test-bot-token');
  });
  afterAll(async () => {
    await fake.close();
  });

  it('PUTs the slash command and the message context-menu command to the guild', async () => {
    const stored = await registerCommands({
      rest,
      applicationId: '900000000000000001',
      guildId: '700000000000000001',
      names: { command: 'draftgate', contextMenu: 'Draft AI reply' },
    });
    expect(stored).toHaveLength(2);
    const [call] = fake.callsTo(
      'PUT',
      /^\/applications\/900000000000000001\/guilds\/700000000000000001\/commands$/,
    );
    expect(call?.authorization).toBe('Bot test-bot-token');
    const [slash, menu] = (call?.body ?? []) as Record<string, unknown>[];
    expect(slash).toMatchObject({ name: 'draftgate', type: 1, contexts: [0] });
    expect(slash?.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 4000 }),
    ]);
    expect(menu).toMatchObject({ name: 'Draft AI reply', type: 3, contexts: [0] });
  });

  it('registers globally without a guild, and explains a failure', async () => {
    await registerCommands({
      rest,
      applicationId: '900000000000000001',
      names: { command: 'ask', contextMenu: 'Ask AI' },
    });
    expect(fake.callsTo('PUT', /^\/applications\/900000000000000001\/commands$/)).toHaveLength(1);
    fake.inject('PUT', /commands$/, { kind: 'error', status: 403, code: 50001, message: 'Missing Access' });
    await expect(
      registerCommands({
        rest,
        applicationId: '900000000000000001',
        guildId: '1',
        names: { command: 'a', contextMenu: 'B' },
      }),
    ).rejects.toThrow(/applications\.commands scope/);
  });
});
