/**
 * Start-up checks the platform token before serving: `draftgate start` as a real process against the fake Slack and
 * Discord APIs. A refused token exits 1 with one line saying what to do; an accepted one starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DraftgateProcess } from '../support/draftgate-process.js';
import { type FakeDiscordApi, startFakeDiscordApi } from '../support/fake-discord-api.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { runCli } from '../support/run-cli.js';

const base = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };

describe('Slack start-up: auth.test', () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await FakeSlackApi.start();
  });
  afterAll(async () => {
    await slack.close();
  });
  const env = () => ({
    ...base,
    SLACK_BOT_TOKEN: 'xoxb-1-2-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    SLACK_API_URL: slack.apiUrl,
  });

  it.each(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'])(
    'a token Slack answers %s for stops start-up with one line saying what to do',
    async (code) => {
      slack.fail('auth.test', { error: code });
      const result = await runCli(['start'], { env: env() });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Slack auth.test failed (${code})`);
      expect(lines[0]).toContain('SLACK_BOT_TOKEN');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('a token Slack accepts starts, after calling auth.test', async () => {
    const before = slack.callsTo('auth.test').length;
    const server = await DraftgateProcess.start({ name: 'slack-good-token', env: env() });
    try {
      expect(slack.callsTo('auth.test').length).toBeGreaterThan(before);
      expect(server.running).toBe(true);
    } finally {
      await server.kill('SIGTERM');
    }
  });

  it('warns at start-up when the token cannot read the channel names that name rules need', async () => {
    slack.tokenScopes = ['commands', 'chat:write', 'im:write'];
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'draftgate-scopes-')), 'names.yaml');
    writeFileSync(file, 'policy:\n  denied_channels: ["#hr-*"]\n');
    const server = await DraftgateProcess.start({
      name: 'slack-scopes',
      env: { ...env(), DRAFTGATE_CONFIG: file },
    });
    try {
      const warning = server.logs().find((line) => line.level === 'warn' && /lacks/.test(line.msg));
      expect(warning?.msg).toContain('channels:read and groups:read');
      expect(warning?.msg).toContain('policy.denied_channels');
    } finally {
      slack.tokenScopes = undefined;
      await server.kill('SIGTERM');
    }
  });
});

describe('Discord start-up: GET /users/@me', () => {
  let discord: FakeDiscordApi;
  beforeAll(async () => {
    discord = await startFakeDiscordApi({ token: 'good-bot-token' });
  });
  afterAll(async () => {
    await discord.close();
  });
  const env = (token: string) => ({
    ...base,
    DISCORD_TOKEN: token,
    DISCORD_MODE: 'http',
    DISCORD_APPLICATION_ID: '900000000000000001',
    DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    DISCORD_API_URL: discord.apiUrl,
  });

  it('a token Discord refuses (401) stops start-up with one line saying what to do', async () => {
    const result = await runCli(['start'], { env: env('bad-bot-token') });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Discord refused DISCORD_TOKEN (401 Unauthorized)');
    expect(lines[0]).toContain('Developer Portal');
  });

  it('a token Discord accepts starts', async () => {
    const server = await DraftgateProcess.start({ name: 'discord-good-token', env: env('good-bot-token') });
    try {
      expect(
        discord.calls.some(
          (call) => call.path === '/users/@me' && call.authorization === 'Bot good-bot-token',
        ),
      ).toBe(true);
      expect(server.running).toBe(true);
    } finally {
      await server.kill('SIGTERM');
    }
  });
});
