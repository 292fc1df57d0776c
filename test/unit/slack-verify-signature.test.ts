import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../adapters/slack/verify-signature.js';

const SECRET = 'shh';
const NOW = 1_800_000_000_000;
const body = Buffer.from('token=x&command=%2Fdraftgate&text=hi');

function check(timestampSec: number, signature = signSlackRequest(SECRET, timestampSec, body)) {
  return verifySlackSignature(SECRET, { signature, timestamp: String(timestampSec), rawBody: body }, NOW);
}

describe('Slack request signatures', () => {
  it('accepts a fresh request signed with the secret', () => {
    expect(check(NOW / 1000)).toEqual({ ok: true });
  });

  it('matches Slack’s documented example', () => {
    // From Slack's "Verifying requests from Slack" guide.
    const signature = signSlackRequest(
      '8f742231b10e8888abcd99yyyzzz85a5',
      1531420618,
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    );
    expect(signature).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('refuses a wrong signature, a different body and missing headers', () => {
    const ts = NOW / 1000;
    expect(check(ts, signSlackRequest('other', ts, body)).ok).toBe(false);
    expect(check(ts, 'v0=00').ok).toBe(false);
    const tampered = verifySlackSignature(
      SECRET,
      {
        signature: signSlackRequest(SECRET, ts, body),
        timestamp: String(ts),
        rawBody: Buffer.from('text=other'),
      },
      NOW,
    );
    expect(tampered.ok).toBe(false);
    expect(
      verifySlackSignature(SECRET, { signature: undefined, timestamp: String(ts), rawBody: body }, NOW).ok,
    ).toBe(false);
    expect(verifySlackSignature(SECRET, { signature: 'v0=1', timestamp: 'abc', rawBody: body }, NOW).ok).toBe(
      false,
    );
  });

  it('refuses requests more than 5 minutes old, and accepts one just inside the window', () => {
    expect(check(NOW / 1000 - 6 * 60)).toEqual({
      ok: false,
      reason: 'request timestamp is more than 5 minutes old',
    });
    expect(check(NOW / 1000 - 5 * 60 + 1).ok).toBe(true);
  });

  it('refuses requests from the future beyond a small clock skew', () => {
    expect(check(NOW / 1000 + 6 * 60)).toEqual({ ok: false, reason: 'request timestamp is in the future' });
    expect(check(NOW / 1000 + 61).ok).toBe(false);
    expect(check(NOW / 1000 + 30).ok).toBe(true);
  });
});
