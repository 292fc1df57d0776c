/** What `config check` warns about, decided from the parsed configuration (the CLI output is in cli.test.ts). */
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../adapters/slack/manifest.js';
import { reviewConfig } from '../../src/cli/config-warnings.js';
import { nameRules } from '../../src/config/name-rules.js';
import { configSchema } from '../../src/config/schema.js';

const parse = (input: unknown) => configSchema.parse(input);

describe('config check warnings', () => {
  it('warns about a second approval with nobody listed, not when reviewers are named', () => {
    const open = reviewConfig(parse({ policy: { second_approval: { mode: 'on_risk' } } }));
    expect(open.warnings).toEqual([
      expect.stringContaining('"on_risk" but policy.second_approval.approvers lists nobody'),
    ]);
    const named = reviewConfig(
      parse({ policy: { second_approval: { mode: 'always', approvers: { roles: ['S0REVIEW'] } } } }),
    );
    expect(named.warnings).toEqual([]);
  });

  it('warns about a sandbox allowed beyond loopback, and refuses one that is not allowed', () => {
    const allowed = reviewConfig(parse({ server: { host: '0.0.0.0' }, sandbox: { allow_remote: true } }));
    expect(allowed.warnings).toEqual([expect.stringContaining('the sandbox will listen on 0.0.0.0')]);
    expect(allowed.errors).toEqual([]);
    const refused = reviewConfig(parse({ server: { host: '0.0.0.0' } }));
    expect(refused.errors).toEqual([
      expect.stringContaining('server.host: the sandbox lets anyone act as anyone'),
    ]);
    // With Slack configured there is no sandbox to expose.
    const slack = reviewConfig(
      parse({ server: { host: '0.0.0.0' }, slack: { bot_token: 'xoxb-1', signing_secret: 's' } }),
    );
    expect(slack.errors).toEqual([]);
    expect(slack.warnings).toEqual([]);
  });

  it('finds every #name channel rule', () => {
    const config = parse({
      policy: {
        requesters: [{ channels: ['C0IDONLY'] }, { channels: ['#eng-*'] }],
        denied_channels: ['#hr-*'],
      },
      intake: { agents: [{ name: 'bot', token_sha256: 'a'.repeat(64), channels: ['#help'] }] },
    });
    expect(nameRules(config)).toEqual([
      'policy.requesters[1].channels',
      'policy.denied_channels',
      'intake.agents[0].channels',
    ]);
  });

  it('warns when name rules need a scope the manifest lacks, and not with the manifest draftgate generates', () => {
    const config = parse({ policy: { denied_channels: ['#hr-*', 'C0ID'] } });
    expect(reviewConfig(config, BOT_SCOPES).warnings).toEqual([]);
    const lacking = reviewConfig(
      config,
      BOT_SCOPES.filter((scope) => scope !== 'groups:read'),
    );
    expect(lacking.warnings).toEqual([
      expect.stringMatching(
        /^policy\.denied_channels uses a channel name, which on Slack needs the groups:read scope/,
      ),
    ]);
    // Channel ids alone need no scope.
    const ids = reviewConfig(parse({ policy: { denied_channels: ['C0ID'] } }), []);
    expect(ids.warnings).toEqual([]);
  });
});
