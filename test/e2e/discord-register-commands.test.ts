/** Command registration through discord.js's REST client against the fake Discord API. */
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { type FakeDiscordApi, startFakeDiscordApi } from '../support/fake-discord-api.js';
import { runCli } from '../support/run-cli.js';

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

  it('PUTs the slash command (ask, pending) and the message context-menu command to the guild', async () => {
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
    // Two subcommands: `ask question:<text>` and `pending` (the person's inbox, answered ephemerally).
    expect(slash?.options).toEqual([
      expect.objectContaining({
        name: 'ask',
        type: 1,
        options: [expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 4000 })],
      }),
      expect.objectContaining({ name: 'pending', type: 1 }),
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

  it('`draftgate discord register` names what it registered (not "[object Object]")', async () => {
    const result = await runCli(['discord', 'register', '--guild', '700000000000000002'], {
      env: {
        DISCORD_TOKEN: 'test-bot-token',
        DISCORD_APPLICATION_ID: '900000000000000001',
        DISCORD_API_URL: fake.apiUrl,
      },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'registered 2 commands (/draftgate, "Draft AI reply") in guild 700000000000000002\n',
    );
    expect(result.code).toBe(0);
  });
});
