/**
 * The sandbox in a real browser: headless Chromium driven by playwright-core against draftgate's own HTTP server
 * (sandbox adapter, real Gate, demo agent, Redis store). Each test gets a fresh draftgate; the browser is shared.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchBrowser,
  type RunningSandbox,
  screenshotPath,
  startSandboxApp,
  type TestBrowser,
} from '../support/browser.js';

const FLAG_POST = /roll back a bad feature flag/;
const ACCESS_POST = /users table/;
const EXPORT_POST = /nightly export job/;

describe('the sandbox in a browser', { timeout: 60_000 }, () => {
  let browser: TestBrowser;
  let sandbox: RunningSandbox | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await page?.close();
    page = undefined;
    await sandbox?.stop();
    sandbox = undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(policy?: Record<string, unknown>): Promise<Page> {
    sandbox = await startSandboxApp(policy ? { policy } : {});
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(sandbox.url);
    await expect.poll(() => page?.locator('#live-status').textContent()).toBe('Live');
    expect(errors).toEqual([]);
    return page;
  }

  const post = (p: Page, text: RegExp): Locator => p.locator('li.post', { hasText: text });
  const publishedReplies = (p: Page, text: RegExp): Locator => post(p, text).locator('.reply.published');
  const card = (p: Page, question: RegExp, state: string): Locator =>
    p.locator(`#dm-items .card[data-state="${state}"]`, { hasText: question });

  /** The audit pane shows sentences; each entry keeps its event type in data-type. */
  const auditTypes = (p: Page): Promise<(string | null)[]> =>
    p.locator('#audit .event-type').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-type')));

  async function draftReply(p: Page, text: RegExp): Promise<void> {
    await post(p, text)
      .locator(':scope > article')
      .getByRole('button', { name: /^Draft a reply/ })
      .click();
  }

  async function actAs(p: Page, user: string, inbox = user): Promise<void> {
    await p.getByLabel('Acting as').selectOption(user);
    await p.getByLabel('Showing the DM of').selectOption(inbox);
  }

  async function metric(series: string): Promise<number> {
    const text = await (await fetch(`${sandbox?.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  }

  it('request → card → edit → approve → the reply appears in the thread', async () => {
    const p = await open();
    await draftReply(p, FLAG_POST);
    const pending = card(p, FLAG_POST, 'pending');
    await pending.waitFor();
    await expect.poll(() => pending.locator('.draft-text').textContent()).toContain('demo agent');
    expect(await publishedReplies(p, FLAG_POST).count()).toBe(0);

    await pending.getByRole('button', { name: /^Edit the draft/ }).click();
    const editor = p.getByLabel('Reply text (this is what will be published)');
    await editor.fill(
      'Use the flag console: History → pick the last good version → Revert. <b>No</b> deploy needed.',
    );
    await p.getByRole('button', { name: 'Save edit' }).click();
    const edited = p.locator('#dm-items .card[data-state="pending"]', { hasText: 'Revert' });
    await expect.poll(() => edited.locator('.meta').textContent()).toContain('v2');

    await edited.getByRole('button', { name: /^Approve and publish/ }).click();
    const reply = publishedReplies(p, FLAG_POST);
    await reply.waitFor();
    expect(await reply.locator('.text').textContent()).toBe(
      'Use the flag console: History → pick the last good version → Revert. <b>No</b> deploy needed.',
    );
    // Rendered as text: the tag is visible, not bold.
    expect(await reply.locator('b').count()).toBe(0);
    expect(await reply.locator('.attribution').textContent()).toBe('AI-drafted · approved by Alice');
    await card(p, FLAG_POST, 'published')
      .getByRole('button', { name: /^Retract/ })
      .waitFor();

    await expect
      .poll(async () => auditTypes(p))
      .toEqual(expect.arrayContaining(['requested', 'drafted', 'edited', 'approved', 'published']));
    expect(await metric('draftgate_drafts_finished_total{state="published"}')).toBe(1);
    expect(await metric('draftgate_approved_drafts_total{edited="true"}')).toBe(1);
  });

  it('discard → nothing is published in the thread', async () => {
    const p = await open();
    await draftReply(p, EXPORT_POST);
    const pending = card(p, EXPORT_POST, 'pending');
    await pending.waitFor();
    // The Pending section lists what the Gate's inbox query returns for this DM's owner.
    expect(await p.locator('#dm-pending').getByText(EXPORT_POST).count()).toBeGreaterThan(0);
    await expect.poll(() => p.locator('#pending-title').textContent()).toMatch(/^Pending \([1-9]\d*\)$/);
    await pending.getByRole('button', { name: /^Discard/ }).click();
    const discarded = card(p, EXPORT_POST, 'discarded');
    await discarded.waitFor();
    await expect.poll(() => p.locator('#dm-finished').getByText(EXPORT_POST).count()).toBeGreaterThan(0);
    expect(await discarded.locator('.card-actions button').count()).toBe(0);
    await expect.poll(async () => auditTypes(p)).toContain('discarded');
    expect(await publishedReplies(p, EXPORT_POST).count()).toBe(0);
    const state = (await (await fetch(`${sandbox?.url}/sandbox/api/state`)).json()) as {
      messages: { published?: unknown }[];
    };
    expect(state.messages.filter((m) => m.published)).toEqual([]);
    expect(await metric('draftgate_drafts_finished_total{state="discarded"}')).toBe(1);
    expect(await metric('draftgate_drafts_finished_total{state="published"}')).toBe(0);
  });

  it("another user's click is denied and changes nothing", async () => {
    const p = await open();
    await draftReply(p, FLAG_POST);
    await card(p, FLAG_POST, 'pending').waitFor();

    await actAs(p, 'bob', 'alice');
    await card(p, FLAG_POST, 'pending')
      .getByRole('button', { name: /^Approve and publish/ })
      .click();
    const alert = p.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain("You can't approve this");
    await expect.poll(async () => auditTypes(p)).toContain('denied');
    expect(await card(p, FLAG_POST, 'pending').count()).toBe(1);
    expect(await publishedReplies(p, FLAG_POST).count()).toBe(0);
    expect(await metric('draftgate_refusals_total{reason="not_an_approver"}')).toBe(1);

    // Bob's own DM has nothing: the card went to Alice only.
    await actAs(p, 'bob');
    await expect.poll(() => p.locator('#dm-items li').count()).toBe(0);
  });

  it('a risky draft shows its finding, needs confirmation, and a second approver', async () => {
    const p = await open({ second_approval: { mode: 'on_risk', approvers: { users: ['carol'] } } });
    await draftReply(p, ACCESS_POST);
    const risky = card(p, ACCESS_POST, 'pending');
    await risky.waitFor();
    const findings = risky.locator('.finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    expect(await risky.locator('.finding.confirm[data-rule="permission.sql-grant-all"]').count()).toBe(1);
    // The README's picture: the channel, the private review card with its findings, and the audit log.
    await p.setViewportSize({ width: 1440, height: 1240 });
    await p.screenshot({ path: screenshotPath('review-card.png') });
    await p.setViewportSize({ width: 1440, height: 900 });

    // Alice approves: under on_risk that asks Carol instead of publishing.
    await risky.getByRole('button', { name: /^Approve and publish/ }).click();
    await card(p, ACCESS_POST, 'awaiting_second_approval').waitFor();
    expect(await publishedReplies(p, ACCESS_POST).count()).toBe(0);

    await actAs(p, 'carol');
    const second = p.locator('#dm-items .card[data-role="second_approver"]', { hasText: ACCESS_POST });
    await second.waitFor();
    await second.getByRole('button', { name: /^Approve and publish/ }).click();
    const dialog = p.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.locator('.finding[data-rule="permission.sql-grant-all"]').count()).toBe(1);
    // Cancelling the confirmation publishes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect(await publishedReplies(p, ACCESS_POST).count()).toBe(0);

    await second.getByRole('button', { name: /^Approve and publish/ }).click();
    await dialog.getByRole('button', { name: 'Publish anyway' }).click();
    const reply = publishedReplies(p, ACCESS_POST);
    await reply.waitFor();
    expect(await reply.locator('.attribution').textContent()).toBe(
      'AI-drafted · approved by Alice and Carol',
    );
    await expect
      .poll(async () => auditTypes(p))
      .toEqual(expect.arrayContaining(['risk_flagged', 'second_approval_requested', 'published']));
    expect(
      await metric('draftgate_risk_findings_total{rule="permission.sql-grant-all",severity="confirm"}'),
    ).toBe(1);
  });

  it('an unconfirmed approval of a risky draft is refused by the Gate itself', async () => {
    const p = await open();
    await draftReply(p, ACCESS_POST);
    const risky = card(p, ACCESS_POST, 'pending');
    await risky.waitFor();
    // The page always asks for the confirmation; a client that skips it is refused by the Gate.
    const draftId = await risky.getAttribute('data-draft-id');
    const res = await fetch(`${sandbox?.url}/sandbox/api/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'alice', draftId, version: 1, confirmed: false }),
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('needs_confirmation');
    expect(await publishedReplies(p, ACCESS_POST).count()).toBe(0);

    await risky.getByRole('button', { name: /^Approve and publish/ }).click();
    await p.getByRole('dialog').getByRole('button', { name: 'Publish anyway' }).click();
    await publishedReplies(p, ACCESS_POST).waitFor();
  });
});
