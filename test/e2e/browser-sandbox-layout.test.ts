/**
 * The sandbox stays usable: a fixed viewport whose panes scroll on their own (after many actions the header and
 * the audit log are still on screen), a phone layout with no sideways scrolling and the audit log as a drawer,
 * the banner and refused-looking buttons on someone else's DM, and a risky card whose Approve is on screen at
 * 1280×720. Each test saves the screenshot it is about (under docs/screenshots/ with `npm run screenshots`).
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
const CI_POST = /no space left on device/;

describe('the sandbox layout', { timeout: 90_000 }, () => {
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

  async function open(width: number, height: number): Promise<Page> {
    sandbox = await startSandboxApp();
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setViewportSize({ width, height });
    await page.goto(sandbox.url);
    await expect.poll(() => page?.locator('#live-status').textContent()).toBe('Live');
    expect(errors).toEqual([]);
    return page;
  }

  const card = (p: Page, question: RegExp, state: string): Locator =>
    p.locator(`#dm-items .card[data-state="${state}"]`, { hasText: question });

  async function draftReply(p: Page, text: RegExp): Promise<void> {
    await p
      .locator('li.post', { hasText: text })
      .locator(':scope > article')
      .getByRole('button', { name: /^Draft a reply/ })
      .click();
  }

  /** Whether the element's centre is on screen and not covered: what a person can see and click without scrolling. */
  async function clickableInPlace(locator: Locator): Promise<boolean> {
    return await locator.evaluate((node) => {
      const box = node.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      if (y < 0 || y > window.innerHeight || x < 0 || x > window.innerWidth) return false;
      const top = document.elementFromPoint(x, y);
      return top !== null && (top === node || node.contains(top));
    });
  }

  it('a risky card at 1280×720 shows the draft, its summary and Approve without scrolling', async () => {
    const p = await open(1280, 720);
    await draftReply(p, ACCESS_POST);
    const risky = card(p, ACCESS_POST, 'pending');
    await risky.waitFor();
    const approve = risky.getByRole('button', { name: /^Approve and publish/ });
    await expect.poll(() => approve.textContent()).toBe('Review & approve…');
    expect(await approve.getAttribute('class')).toContain('warning');
    await expect.poll(() => clickableInPlace(approve)).toBe(true);
    expect(await clickableInPlace(risky.locator('.draft-text'))).toBe(true);
    // What Approve will do, in one line, next to the button.
    const consequence = risky.locator('.consequence');
    expect(await consequence.textContent()).toMatch(
      /^Approve (posts to #eng-help|asks a second person).*as draftgate.*you can retract it for \d+ minutes; expires in \d+ h$/,
    );
    expect(await clickableInPlace(consequence)).toBe(true);
    // The findings come after the draft text, grouped with plain titles (never a rule id as the heading).
    const box = async (selector: string) => (await risky.locator(selector).first().boundingBox())?.y ?? -1;
    expect(await box('.findings-section')).toBeGreaterThan(await box('.draft-text'));
    const titles = await risky.locator('.findings .finding strong').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    for (const title of titles) expect(title).not.toMatch(/^[a-z]+\.[a-z0-9-]+$/);
    await p.screenshot({ path: screenshotPath('screenshots/risky-card-1280x720.png') });
  });

  it('after 15 actions the page does not scroll: the header and the audit log stay on screen', async () => {
    const p = await open(1280, 720);
    const actions: string[] = [];
    for (const post of [FLAG_POST, ACCESS_POST, EXPORT_POST, CI_POST]) {
      await draftReply(p, post);
      actions.push('request');
    }
    await card(p, CI_POST, 'pending').waitFor();
    for (const post of [EXPORT_POST, CI_POST]) {
      await card(p, post, 'pending')
        .getByRole('button', { name: /^Discard/ })
        .click();
      await card(p, post, 'discarded').waitFor();
      actions.push('discard');
    }
    for (const text of ['Use the flag console: History → Revert.']) {
      const pending = card(p, FLAG_POST, 'pending');
      await pending.getByRole('button', { name: /^Edit the draft/ }).click();
      await p.getByLabel('Reply text (this is what will be published)').fill(text);
      await p.getByRole('button', { name: 'Save edit' }).click();
      await p.locator('#dm-items .card[data-state="pending"]', { hasText: text }).waitFor();
      // The edited card says what changed since the version it replaced.
      const changes = card(p, FLAG_POST, 'pending').locator('details.changes');
      expect(await changes.locator('summary').textContent()).toBe('What changed since v1');
      expect(await changes.locator('.diff-added').allTextContents()).toContain(`+ ${text}\n`);
      actions.push('edit');
    }
    await card(p, FLAG_POST, 'pending')
      .getByRole('button', { name: /^Approve and publish/ })
      .click();
    await card(p, FLAG_POST, 'published').waitFor();
    actions.push('approve');
    await card(p, FLAG_POST, 'published')
      .getByRole('button', { name: /^Retract/ })
      .click();
    await card(p, FLAG_POST, 'retracted').waitFor();
    actions.push('retract');
    for (const question of ['How do I rotate the staging TLS cert?', 'Why is CI red on main?']) {
      await p
        .getByLabel('Message the channel, or type /draftgate and a question')
        .fill(`/draftgate ${question}`);
      await p.getByRole('button', { name: 'Send' }).click();
      await p.locator('#dm-items .card', { hasText: question }).waitFor();
      actions.push('command');
    }
    for (const question of [/staging TLS cert/, /CI red on main/]) {
      await card(p, question, 'pending')
        .getByRole('button', { name: /^Discard/ })
        .click();
      await card(p, question, 'discarded').waitFor();
      actions.push('discard');
    }
    await card(p, ACCESS_POST, 'pending')
      .getByRole('button', { name: /^Ask the agent to regenerate/ })
      .click();
    await p.getByLabel('What should the agent change?').fill('Least privilege: a read-only role.');
    await p.getByRole('button', { name: 'Regenerate', exact: true }).click();
    await expect.poll(() => card(p, ACCESS_POST, 'pending').locator('.meta').textContent()).toContain('v2');
    actions.push('regenerate');
    await p.getByLabel('Acting as').selectOption('bob');
    await p.getByLabel('Showing the DM of').selectOption('alice');
    await card(p, ACCESS_POST, 'pending')
      .getByRole('button', { name: /^Discard/ })
      .click();
    await expect.poll(() => p.getByRole('alert').textContent()).toContain("You can't");
    actions.push('refused discard');
    expect(actions).toHaveLength(15);

    await expect.poll(() => p.locator('#audit .event-type').count()).toBeGreaterThanOrEqual(25);
    const sizes = await p.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight: window.innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(sizes.scrollHeight).toBeLessThanOrEqual(sizes.innerHeight);
    expect(sizes.scrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
    expect(await clickableInPlace(p.getByLabel('Acting as'))).toBe(true);
    expect(await clickableInPlace(p.locator('#audit-title'))).toBe(true);
    expect(await clickableInPlace(p.locator('#audit li').first())).toBe(true);
    // The DM pane scrolls on its own.
    const dm = await p
      .locator('#dm-items')
      .evaluate((n) => ({ scroll: n.scrollHeight, client: n.clientHeight }));
    expect(dm.scroll).toBeGreaterThan(dm.client);
    await p.screenshot({ path: screenshotPath('screenshots/sandbox-after-15-actions.png') });
  });

  it('at 390 px (a phone) nothing scrolls sideways and the audit log is a drawer', async () => {
    const p = await open(390, 844);
    await draftReply(p, ACCESS_POST);
    await card(p, ACCESS_POST, 'pending').waitFor();
    const width = () => p.evaluate(() => document.documentElement.scrollWidth);
    expect(await width()).toBeLessThanOrEqual(390);
    expect(await p.locator('#audit-pane').isVisible()).toBe(false);
    await p.screenshot({ path: screenshotPath('screenshots/phone-390.png'), fullPage: true });
    await p.getByRole('button', { name: /^Audit log/ }).click();
    await expect.poll(() => clickableInPlace(p.locator('#audit li').first())).toBe(true);
    expect(await width()).toBeLessThanOrEqual(390);
    await p.screenshot({ path: screenshotPath('screenshots/phone-390-audit-drawer.png') });
    await p.getByRole('button', { name: 'Close the audit log' }).click();
    await expect.poll(() => p.locator('#audit-pane').isVisible()).toBe(false);
  });

  it("someone else's DM: a banner, buttons that show they will be refused, and no editor", async () => {
    const p = await open(1280, 720);
    await draftReply(p, FLAG_POST);
    await card(p, FLAG_POST, 'pending').waitFor();
    expect(await p.locator('#dm-banner').isVisible()).toBe(false);
    await p.getByLabel('Acting as').selectOption('bob');
    await p.getByLabel('Showing the DM of').selectOption('alice');
    const banner = p.locator('#dm-banner');
    await expect.poll(() => banner.textContent()).toContain('You are looking at Alice’s DM as Bob.');
    const pending = card(p, FLAG_POST, 'pending');
    const edit = pending.getByRole('button', { name: /^Edit the draft/ });
    expect(await edit.getAttribute('class')).toContain('will-refuse');
    expect(await edit.getAttribute('aria-label')).toContain('will be refused');
    expect(await pending.locator('.refusal-hint').textContent()).toContain('Bob can’t use these buttons');
    await p.screenshot({ path: screenshotPath('screenshots/someone-elses-dm.png') });

    await edit.click();
    await expect
      .poll(() => p.getByRole('alert').textContent())
      .toContain('Only the people reviewing this draft');
    expect(await p.locator('#edit-dialog').isVisible()).toBe(false);

    await banner.getByRole('button', { name: /^Back to Bob/ }).click();
    await expect.poll(() => banner.isVisible()).toBe(false);
    await expect
      .poll(() => p.locator('#pending-empty').textContent())
      .toContain('Nothing waits for your review');
  });
});
