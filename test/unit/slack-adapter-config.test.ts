import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { SlackGate } from '../../adapters/slack/gate-port.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { policySchema, slackSchema } from '../../src/config/schema.js';
import { Policy } from '../../src/core/policy.js';

const logger = pino({ level: 'silent' });
const refuse = async () => ({
  ok: false as const,
  code: 'unavailable' as const,
  message: 'not in this test',
});
// The adapter is only constructed here; no listener runs, so every Gate call refuses.
const gate: SlackGate = {
  request: refuse,
  approve: refuse,
  edit: refuse,
  regenerate: refuse,
  discard: refuse,
  extend: refuse,
  retract: refuse,
  get: async () => undefined,
  editorFor: refuse,
  cardFor: () => {
    throw new Error('not in this test');
  },
  pending: async () => [],
  reopen: refuse,
  policy: new Policy(policySchema.parse({})),
};

describe('Slack adapter configuration', () => {
  it('refuses to start without a bot token, saying which variable to set', () => {
    expect(() =>
      createSlackAdapter({ config: slackSchema.parse({ signing_secret: 's' }), gate, logger }),
    ).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('refuses HTTP mode without the signing secret', () => {
    expect(() =>
      createSlackAdapter({ config: slackSchema.parse({ bot_token: 'xoxb-1' }), gate, logger }),
    ).toThrow(/SLACK_SIGNING_SECRET/);
  });

  it('mounts POST /slack/events in HTTP mode', () => {
    const adapter = createSlackAdapter({
      config: slackSchema.parse({ bot_token: 'xoxb-1', signing_secret: 's' }),
      gate,
      logger,
    });
    expect(adapter.mode).toBe('http');
    expect(adapter.routes().map((r) => [r.method, r.path])).toEqual([['POST', '/slack/events']]);
    expect(adapter.chat.platform).toBe('slack');
  });

  it('uses Socket Mode, with no HTTP route, when an app token is set', () => {
    const adapter = createSlackAdapter({
      config: slackSchema.parse({ bot_token: 'xoxb-1', app_token: 'xapp-1-A-1-abc' }),
      gate,
      logger,
    });
    expect(adapter.mode).toBe('socket');
    expect(adapter.routes()).toEqual([]);
  });
});
