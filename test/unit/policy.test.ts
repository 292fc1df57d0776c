/** Policy: every rule, and deny by default when a rule cannot be evaluated. */
import { describe, expect, it } from 'vitest';
import { policySchema } from '../../src/config/schema.js';
import type { Actor, Draft, Target } from '../../src/core/draft.js';
import { Policy } from '../../src/core/policy.js';

const policy = (raw: unknown = {}) => new Policy(policySchema.parse(raw));
const target: Target = { platform: 'slack', workspace: 'T1', channel: 'C1', channelName: 'eng-help' };
const alice: Actor = { id: 'U_A', platform: 'slack', workspace: 'T1' };
const bob: Actor = { id: 'U_B', platform: 'slack', workspace: 'T1' };
const draft = (over: Partial<Draft> = {}): Draft => ({
  id: 'd1',
  target,
  requester: alice.id,
  question: 'q',
  agent: 'demo',
  source: 'slash',
  state: 'pending',
  version: 1,
  text: 't',
  originalText: 't',
  findings: [],
  reviews: [{ user: alice.id, channel: 'D1', message: '1' }],
  createdAt: 0,
  updatedAt: 0,
  expiresAt: 1,
  ...over,
});
const reason = (d: { allow: boolean; reason?: string }) => (d.allow ? 'allow' : d.reason);

describe('Policy.mayRequest', () => {
  it('allows anyone in the workspace when no requester rule is configured', () => {
    expect(reason(policy().mayRequest(alice, target))).toBe('allow');
  });
  it('refuses bots, other workspaces and platforms, and denied channels', () => {
    expect(reason(policy().mayRequest({ ...alice, bot: true }, target))).toBe('bot_requester');
    expect(reason(policy().mayRequest({ ...alice, workspace: 'T2' }, target))).toBe('wrong_workspace');
    expect(reason(policy().mayRequest({ ...alice, platform: 'discord' }, target))).toBe('wrong_workspace');
    expect(reason(policy({ denied_channels: ['#eng-*'] }).mayRequest(alice, target))).toBe('channel_denied');
  });
  it('with requester rules: allows listed people, refuses others, and refuses when roles are unknown', () => {
    const p = policy({ requesters: [{ channels: ['*'], users: ['U_A'], roles: ['G_SRE'] }] });
    expect(reason(p.mayRequest(alice, target))).toBe('allow');
    expect(reason(p.mayRequest({ ...bob, roles: [] }, target))).toBe('not_a_requester');
    expect(reason(p.mayRequest(bob, target))).toBe('roles_unknown');
    expect(reason(p.mayRequest({ ...bob, roles: ['G_SRE'] }, target))).toBe('allow');
    const elsewhere = policy({ requesters: [{ channels: ['C9'], users: ['U_A'] }] });
    expect(reason(elsewhere.mayRequest(alice, target))).toBe('no_request_rule_for_channel');
  });
});

describe('Policy decisions about a draft', () => {
  it('mayDecide: the requester, or configured approvers; nobody else', () => {
    expect(reason(policy().mayDecide(alice, draft()))).toBe('allow');
    expect(reason(policy().mayDecide(bob, draft()))).toBe('not_an_approver');
    expect(reason(policy({ approvers: { requester: false } }).mayDecide(alice, draft()))).toBe(
      'not_an_approver',
    );
    expect(reason(policy({ approvers: { users: ['U_B'] } }).mayDecide(bob, draft()))).toBe('allow');
    expect(reason(policy({ approvers: { roles: ['G1'] } }).mayDecide(bob, draft()))).toBe('roles_unknown');
    expect(reason(policy().mayDecide({ ...alice, workspace: 'T2' }, draft()))).toBe('wrong_workspace');
  });
  it('a DM click counts only from someone the card was delivered to', () => {
    expect(reason(policy().mayDecide({ ...alice, inDm: true }, draft()))).toBe('allow');
    const approver = policy({ approvers: { users: ['U_B'] } });
    expect(reason(approver.mayDecide({ ...bob, inDm: true }, draft()))).toBe('not_a_reviewer');
  });
  it('maySecondApprove: a different person, on the allow-list when there is one', () => {
    const waiting = draft({ state: 'awaiting_second_approval', approvedBy: alice.id });
    expect(reason(policy().maySecondApprove(alice, waiting))).toBe('same_person_as_first_approver');
    expect(reason(policy().maySecondApprove(bob, waiting))).toBe('allow');
    const listed = policy({ second_approval: { mode: 'always', approvers: { users: ['U_C'] } } });
    expect(reason(listed.maySecondApprove(bob, waiting))).toBe('not_a_second_approver');
  });
  it('mayRetract: whoever approved, or whoever may decide', () => {
    const published = draft({ state: 'published', approvedBy: bob.id });
    expect(reason(policy().mayRetract(bob, published))).toBe('allow');
    expect(reason(policy().mayRetract({ ...bob, id: 'U_C' }, published))).toBe('not_an_approver');
  });
  it('secondApprovalRequired follows the mode', () => {
    const risky = draft({
      findings: [
        {
          rule: 'r',
          category: 'permission',
          severity: 'confirm',
          excerpt: '',
          explanation: '',
          start: 0,
          end: 0,
        },
      ],
    });
    expect(policy().secondApprovalRequired(risky)).toBe(false);
    expect(policy({ second_approval: { mode: 'always' } }).secondApprovalRequired(draft())).toBe(true);
    expect(policy({ second_approval: { mode: 'on_risk' } }).secondApprovalRequired(draft())).toBe(false);
    expect(policy({ second_approval: { mode: 'on_risk' } }).secondApprovalRequired(risky)).toBe(true);
  });
  it('quarantineReviewer: the human replied to, else the owner, else nobody', () => {
    expect(policy().quarantineReviewer({ user: 'U1', bot: false }, 'U_O')).toEqual({
      user: 'U1',
      why: 'replied_to',
    });
    expect(policy().quarantineReviewer({ user: 'B1', bot: true }, 'U_O')).toEqual({
      user: 'U_O',
      why: 'owner',
    });
    expect(policy().quarantineReviewer(undefined, undefined)).toBeUndefined();
  });
});

describe('Policy and platform roles', () => {
  it('usesRoles is true only when a rule names roles (the adapters look roles up only then)', () => {
    expect(policy().usesRoles).toBe(false);
    expect(policy({ approvers: { users: ['U_X'] } }).usesRoles).toBe(false);
    expect(policy({ approvers: { roles: ['S1'] } }).usesRoles).toBe(true);
    expect(policy({ requesters: [{ channels: ['*'], roles: ['S1'] }] }).usesRoles).toBe(true);
    expect(policy({ second_approval: { mode: 'always', approvers: { roles: ['S1'] } } }).usesRoles).toBe(
      true,
    );
  });

  it('a failed role lookup refuses as role_lookup_failed; roles never looked up refuse as roles_unknown', () => {
    const p = policy({
      requesters: [{ channels: ['*'], roles: ['S1'] }],
      approvers: { requester: false, roles: ['S1'] },
      second_approval: { mode: 'always', approvers: { roles: ['S2'] } },
    });
    const failed = { ...bob, roleLookupFailed: true };
    expect(reason(p.mayRequest(failed, target))).toBe('role_lookup_failed');
    expect(reason(p.mayDecide(failed, draft()))).toBe('role_lookup_failed');
    expect(reason(p.maySecondApprove(failed, draft({ approvedBy: alice.id })))).toBe('role_lookup_failed');
    expect(reason(p.mayDecide(bob, draft()))).toBe('roles_unknown');
    // Roles that were looked up decide, whatever the flag says about an earlier attempt.
    expect(reason(p.mayDecide({ ...bob, roles: ['S1'] }, draft()))).toBe('allow');
    expect(reason(p.mayDecide({ ...bob, roles: [] }, draft()))).toBe('not_an_approver');
  });
});
