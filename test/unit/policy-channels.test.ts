/** Channel rules: ids compared after normalization, name rules that cannot be evaluated refuse, agent allow-lists. */
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/schema.js';
import { normalizeChannelId } from '../../src/core/channel-rules.js';
import type { Actor, Target } from '../../src/core/draft.js';
import { Policy } from '../../src/core/policy.js';

const alice: Actor = { id: 'U_ALICE', platform: 'slack', workspace: 'T1' };
const at = (channel: string, channelName?: string): Target => ({
  platform: 'slack',
  workspace: 'T1',
  channel,
  ...(channelName !== undefined ? { channelName } : {}),
});
const policy = (config: unknown) => new Policy(policySchema.parse(config));

describe('denied channels by id', () => {
  const denying = policy({ denied_channels: ['C0DENIED'] });

  it.each([
    ['the id itself', 'C0DENIED'],
    ['a trailing zero-width space', 'C0DENIED\u200B'],
    ['a zero-width joiner inside', 'C0DE\u200DNIED'],
    ['lower case (Slack ids are upper case)', 'c0denied'],
    ['full-width letters (NFKC)', 'Ｃ０ＤＥＮＩＥＤ'],
    ['surrounding white space', ' C0DENIED\t'],
  ])('refuses %s', (_name, channel) => {
    expect(denying.mayRequest(alice, at(channel))).toEqual({ allow: false, reason: 'channel_denied' });
  });

  it('allows another channel', () => {
    expect(denying.mayRequest(alice, at('C0OTHER'))).toEqual({ allow: true });
  });

  it('normalizes the pattern too', () => {
    const odd = policy({ denied_channels: ['c0denied\u200B'] });
    expect(odd.mayRequest(alice, at('C0DENIED')).allow).toBe(false);
  });

  it('keeps Discord ids as digits and sandbox ids in lower case', () => {
    expect(normalizeChannelId('discord', '１２３\u200B')).toBe('123');
    expect(normalizeChannelId('sandbox', 'Eng-Help')).toBe('eng-help');
  });
});

describe('denied channels by name', () => {
  const denying = policy({ denied_channels: ['#secops-*'] });

  it('refuses a matching name, whatever its case or invisible characters', () => {
    for (const name of ['secops-prod', '#SecOps-Prod', 'secops\u200B-prod']) {
      expect(denying.mayRequest(alice, at('C1', name))).toEqual({ allow: false, reason: 'channel_denied' });
    }
  });

  it('refuses when the name is unknown, since the rule cannot be evaluated', () => {
    expect(denying.mayRequest(alice, at('C1'))).toEqual({ allow: false, reason: 'channel_name_unknown' });
    expect(denying.needsChannelName(at('C1'))).toBe(true);
    expect(denying.needsChannelName(at('C1', 'eng-help'))).toBe(false);
  });

  it('allows a channel whose name does not match', () => {
    expect(denying.mayRequest(alice, at('C1', 'eng-help'))).toEqual({ allow: true });
  });

  it('needs no name when no rule is a name rule', () => {
    expect(policy({ denied_channels: ['C9'] }).needsChannelName(at('C1'))).toBe(false);
  });
});

describe('requester rules by name', () => {
  const rules = policy({ requesters: [{ channels: ['#eng-*'] }] });

  it('refuses as unevaluable when no rule matched and a name was needed', () => {
    expect(rules.mayRequest(alice, at('C1'))).toEqual({ allow: false, reason: 'channel_name_unknown' });
  });

  it('allows once the name is known', () => {
    expect(rules.mayRequest(alice, at('C1', 'eng-help'))).toEqual({ allow: true });
    expect(rules.mayRequest(alice, at('C1', 'random'))).toEqual({
      allow: false,
      reason: 'no_request_rule_for_channel',
    });
  });
});

describe("an intake agent's channel allow-list", () => {
  const open = policy({});

  it('allows every channel when the agent has no list', () => {
    expect(open.mayAgentDraftIn(undefined, at('C1'))).toEqual({ allow: true });
  });

  it('allows listed ids and names, after normalization', () => {
    expect(open.mayAgentDraftIn(['C0ALLOWED'], at('c0allowed\u200B'))).toEqual({ allow: true });
    expect(open.mayAgentDraftIn(['#triage'], at('C1', 'triage'))).toEqual({ allow: true });
  });

  it('refuses other channels, and names it cannot know', () => {
    expect(open.mayAgentDraftIn(['C0ALLOWED'], at('C0OTHER'))).toEqual({
      allow: false,
      reason: 'agent_channel_not_allowed',
    });
    expect(open.mayAgentDraftIn(['#triage'], at('C1'))).toEqual({
      allow: false,
      reason: 'channel_name_unknown',
    });
  });
});
