/**
 * Denied channels cannot be reached by requests that carry no channel name (an @mention, the intake API): the Gate
 * looks the name up on the platform, and a name rule it cannot evaluate refuses. Every refusal is a `denied` event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { alice, type GateFixture, gateFixture } from '../support/gate-fixture.js';

const mentioned = { platform: 'slack' as const, workspace: 'T1', channel: 'C0SECOPS', thread: '1.2' };

describe.each(['redis', 'memory'] as const)('channel names for policy on %s', (kind) => {
  let f: GateFixture;
  afterEach(async () => {
    await f.close();
  });

  async function deniedReasons(): Promise<string[]> {
    const events = await f.stores.audit.range({});
    return events.filter((e) => e.type === 'denied').map((e) => JSON.parse(e.detail).reason as string);
  }

  it('a mention in a channel denied by name is refused once the name is looked up', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    f.chat.channelNames.set('C0SECOPS', 'secops-prod');
    const result = await f.gate.request({
      target: mentioned,
      requester: alice,
      question: 'hi?',
      source: 'mention',
    });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(f.chat.cards).toHaveLength(0);
    expect(f.chat.nameLookups).toEqual(['C0SECOPS']);
    expect(await deniedReasons()).toEqual(['channel_denied']);
  });

  it('a name that cannot be looked up refuses (fail closed)', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    f.chat.nameLookup = 'error';
    const result = await f.gate.request({
      target: mentioned,
      requester: alice,
      question: 'hi?',
      source: 'mention',
    });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(await deniedReasons()).toEqual(['channel_name_unknown']);
  });

  it('a name the platform does not know refuses too', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    const result = await f.gate.request({
      target: mentioned,
      requester: alice,
      question: 'hi?',
      source: 'mention',
    });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(await deniedReasons()).toEqual(['channel_name_unknown']);
  });

  it('an allowed channel is drafted after the look-up, and the name is cached', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    f.chat.channelNames.set('C0SECOPS', 'eng-help');
    for (const question of ['one?', 'two?']) {
      const result = await f.gate.request({
        target: mentioned,
        requester: alice,
        question,
        source: 'mention',
      });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.draft.target.channelName).toBe('eng-help');
    }
    expect(f.chat.nameLookups).toEqual(['C0SECOPS']);
  });

  it('no look-up when no rule needs a name', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['C0OTHER'] } });
    const result = await f.gate.request({
      target: mentioned,
      requester: alice,
      question: 'hi?',
      source: 'mention',
    });
    expect(result.ok).toBe(true);
    expect(f.chat.nameLookups).toEqual([]);
  });

  it('a look-alike id of a denied channel is refused, and the draft keeps the canonical id', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['C0DENIED'] } });
    for (const channel of ['C0DENIED\u200B', 'c0denied']) {
      const result = await f.gate.request({
        target: { ...mentioned, channel },
        requester: alice,
        question: 'hi?',
        source: 'mention',
      });
      expect(result).toMatchObject({ ok: false, code: 'denied' });
    }
    const allowed = await f.gate.request({
      target: { ...mentioned, channel: 'c0fine\u200B' },
      requester: alice,
      question: 'hi?',
      source: 'mention',
    });
    expect(allowed.ok && allowed.draft.target.channel).toBe('C0FINE');
    expect(await deniedReasons()).toEqual(['channel_denied', 'channel_denied']);
  });

  it('an intake submission for a channel denied by name is refused with a denied event', async () => {
    f = await gateFixture(kind, { policy: { denied_channels: ['#secops-*'] } });
    f.chat.channelNames.set('C0SECOPS', 'secops-prod');
    const result = await f.gate.submit({
      agent: 'triage',
      target: mentioned,
      requester: alice.id,
      question: 'q',
      text: 'a reply',
    });
    expect(result).toMatchObject({ ok: false, code: 'denied' });
    expect(await deniedReasons()).toEqual(['channel_denied']);
  });

  it("an intake agent's own allow-list refuses other channels", async () => {
    f = await gateFixture(kind);
    f.chat.channelNames.set('C0SECOPS', 'secops-prod');
    const submit = (channels: readonly string[]) =>
      f.gate.submit({
        agent: 'triage',
        channels,
        target: mentioned,
        requester: alice.id,
        question: 'q',
        text: 'a',
      });
    expect(await submit(['C0TRIAGE'])).toMatchObject({ ok: false, code: 'denied' });
    expect(await submit(['#triage-*'])).toMatchObject({ ok: false, code: 'denied' });
    expect((await submit(['#secops-*'])).ok).toBe(true);
    expect((await submit(['c0secops'])).ok).toBe(true);
    expect(await deniedReasons()).toEqual(['agent_channel_not_allowed', 'agent_channel_not_allowed']);
  });
});
