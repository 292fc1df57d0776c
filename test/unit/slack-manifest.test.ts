import { describe, expect, it } from 'vitest';
import { slackManifest } from '../../adapters/slack/manifest.js';

const base = { command: '/draftgate', shortcutCallbackId: 'draftgate_draft_reply' };

describe('Slack app manifest', () => {
  it('asks for the least-privilege scopes only, never chat:write.public', () => {
    const manifest = slackManifest({ ...base, socket: false, url: 'https://dg.example.com' }) as {
      oauth_config: { scopes: { bot: string[] } };
    };
    expect(manifest.oauth_config.scopes.bot).toEqual([
      'commands',
      'chat:write',
      'im:write',
      'app_mentions:read',
      'channels:read',
      'groups:read',
    ]);
    expect(JSON.stringify(manifest)).not.toContain('chat:write.public');
  });

  it('points the command, interactivity and app_mention events at POST /slack/events in HTTP mode', () => {
    const manifest = slackManifest({ ...base, socket: false, url: 'https://dg.example.com/' });
    const json = JSON.stringify(manifest);
    expect(manifest).toMatchObject({
      features: {
        slash_commands: [{ command: '/draftgate', url: 'https://dg.example.com/slack/events' }],
        shortcuts: [{ type: 'message', callback_id: 'draftgate_draft_reply', name: 'Draft a reply with AI' }],
      },
      settings: {
        event_subscriptions: {
          bot_events: ['app_mention', 'app_home_opened'],
          request_url: 'https://dg.example.com/slack/events',
        },
        interactivity: { is_enabled: true, request_url: 'https://dg.example.com/slack/events' },
        socket_mode_enabled: false,
      },
    });
    expect(json).not.toContain('//slack/events');
  });

  it('enables Socket Mode without URLs when asked', () => {
    const manifest = slackManifest({ ...base, socket: true, command: '/ask' });
    expect(JSON.stringify(manifest)).not.toMatch(/"(request_)?url"/);
    expect(manifest).toMatchObject({
      settings: { socket_mode_enabled: true },
      features: { slash_commands: [{ command: '/ask' }] },
    });
  });

  it('refuses an HTTP manifest without an https URL', () => {
    expect(() => slackManifest({ ...base, socket: false })).toThrow(/--url/);
    expect(() => slackManifest({ ...base, socket: false, url: 'http://dg.example.com' })).toThrow(/https/);
  });

  it('drops app_mentions:read and the app_mention event when mentions are off, keeping the Home tab event', () => {
    const manifest = slackManifest({ ...base, socket: true, mentions: false });
    expect(JSON.stringify(manifest)).not.toContain('app_mention"');
    expect(JSON.stringify(manifest)).not.toContain('app_mentions:read');
    expect(manifest).toMatchObject({
      settings: { event_subscriptions: { bot_events: ['app_home_opened'] } },
    });
  });

  it('enables the App Home tab (the inbox) and subscribes to app_home_opened', () => {
    const manifest = slackManifest({ ...base, socket: true });
    expect(manifest).toMatchObject({
      features: { app_home: { home_tab_enabled: true, messages_tab_enabled: true } },
      settings: { event_subscriptions: { bot_events: ['app_mention', 'app_home_opened'] } },
    });
  });

  it('adds usergroups:read only when policy names roles', () => {
    const scopes = (roles: boolean) =>
      (slackManifest({ ...base, socket: true, roles }) as { oauth_config: { scopes: { bot: string[] } } })
        .oauth_config.scopes.bot;
    expect(scopes(false)).not.toContain('usergroups:read');
    expect(scopes(true)).toEqual([...scopes(false), 'usergroups:read']);
  });
});
