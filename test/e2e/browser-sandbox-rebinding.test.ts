/**
 * DNS rebinding, in a real browser: a page served under another host name that resolves to 127.0.0.1 (Chromium's
 * host resolver maps `rebind.attacker.example` there) can neither read nor change the sandbox, while the page at
 * http://127.0.0.1:<port> works as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RunningSandbox, startSandboxApp, type TestBrowser } from '../support/browser.js';

const ATTACKER = 'rebind.attacker.example';

interface Attempt {
  state: number;
  stateBody: string;
  approve: number;
}

describe('the sandbox under a rebound host name', { timeout: 60_000 }, () => {
  let browser: TestBrowser;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    browser = await launchBrowser([`--host-resolver-rules=MAP ${ATTACKER} 127.0.0.1`]);
    sandbox = await startSandboxApp();
  });

  afterAll(async () => {
    await sandbox?.stop();
    await browser?.close();
  });

  async function ask(): Promise<string> {
    const result = await sandbox.app.gate.request({
      target: { platform: 'sandbox', workspace: 'sandbox', channel: 'eng-help', channelName: 'eng-help' },
      requester: { id: 'alice', platform: 'sandbox', workspace: 'sandbox' },
      question: 'How do I read the api logs?',
      source: 'sandbox',
    });
    if (!result.ok) throw new Error(result.message);
    return result.draft.id;
  }

  /** From inside the page: read the state, then try to approve the draft with a same-origin fetch. */
  async function attempt(url: string, draftId: string): Promise<{ page: number; attempt: Attempt }> {
    const page = await browser.context.newPage();
    try {
      const response = await page.goto(url);
      const result = await page.evaluate(async (id): Promise<Attempt> => {
        const state = await fetch('/sandbox/api/state?inbox=alice');
        const approve = await fetch('/sandbox/api/approve', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ user: 'alice', draftId: id, version: 1, confirmed: true }),
        });
        return { state: state.status, stateBody: await state.text(), approve: approve.status };
      }, draftId);
      return { page: response?.status() ?? 0, attempt: result };
    } finally {
      await page.close();
    }
  }

  it('a page under another host name can neither read nor approve', async () => {
    const draftId = await ask();
    const { port } = new URL(sandbox.url);
    const rebound = await attempt(`http://${ATTACKER}:${port}/`, draftId);
    expect(rebound.page).toBe(421);
    expect(rebound.attempt.state).toBe(421);
    expect(rebound.attempt.stateBody).not.toContain(draftId);
    expect(rebound.attempt.stateBody).not.toContain('eng-help');
    expect(rebound.attempt.approve).toBe(421);
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('pending');
  });

  it('the page at http://127.0.0.1:<port> reads and approves', async () => {
    const draftId = await ask();
    const local = await attempt(`${sandbox.url}/`, draftId);
    expect(local.page).toBe(200);
    expect(local.attempt.state).toBe(200);
    expect(local.attempt.stateBody).toContain(draftId);
    expect(local.attempt.approve).toBe(200);
    expect((await sandbox.app.gate.get(draftId))?.state).toBe('published');
  });
});
