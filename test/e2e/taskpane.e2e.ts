import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { LocalHost } from '../../functions/local/server';
import { apiAs, ARTIFACTS, blockMicrosoftCdns, demoEvent, itemIdOn, launchChromium, meetingPath, SCREENSHOTS, seriousAccessibilityViolations, startProduct, taskpaneUrl } from './support';

let host: LocalHost;
let browser: Browser;
let closeBrowser: () => Promise<void>;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  host = await startProduct();
  ({ browser, close: closeBrowser } = await launchChromium());
});

after(async () => {
  await closeBrowser?.();
  await host?.close();
});

async function openPane(userName: string, slug: string, options: { width?: number; theme?: 'light' | 'dark' } = {}): Promise<{ page: Page; blocked: string[] }> {
  const user = host.users.find((u) => u.displayName === userName);
  assert.ok(user, `demo user ${userName}`);
  const page = await browser.newPage({ viewport: { width: options.width ?? 360, height: 900 }, colorScheme: options.theme ?? 'light' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const blocked = await blockMicrosoftCdns(page);
  await page.goto(taskpaneUrl(host, user.userId, slug, options.theme ? `&theme=${options.theme}` : ''));
  await page.getByRole('textbox', { name: /Action item 1/ }).waitFor();
  assert.deepEqual(errors, []);
  return { page, blocked };
}

const lineInput = (page: Page, n: number) => page.getByRole('textbox', { name: new RegExp(`^Action item ${n}: what`) });

describe('the Outlook task pane in the local host', () => {
  it('captures three items for a meeting with the keyboard alone', async () => {
    const { page } = await openPane('Priya Shah', 'demo-calendar-fabrikam-0');
    await lineInput(page, 1).focus();
    await page.keyboard.type('Send pricing to Dana by Friday #map');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Dana to share the usage report tomorrow #map');
    await page.keyboard.press('Enter');
    await page.keyboard.type('@Morgan line up a solutions engineer in 3 days #internal');
    await page.getByRole('button', { name: /^Owner: Morgan Lee/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'taskpane-light.png'), fullPage: true });
    await page.keyboard.press('Control+Enter');
    await page.getByText('Saved 3 items').waitFor();

    const api = await apiAs(host, 'Priya Shah');
    const { status, body } = await api.get(meetingPath(host, 'demo-calendar-fabrikam-0'));
    assert.equal(status, 200);
    const byTitle = new Map(body.items.map((i: any) => [i.title, i]));
    assert.deepEqual([...byTitle.keys()].sort(), ['Line up a solutions engineer', 'Send pricing to Dana', 'Share the usage report']);
    const pricing: any = byTitle.get('Send pricing to Dana');
    assert.deepEqual(pricing.owner, { type: 'user', userId: api.user.userId });
    assert.deepEqual(pricing.tags, ['map-milestone']);
    assert.equal(new Date(pricing.dueAt).getUTCDay(), 5, 'due on a Friday');
    const usage: any = byTitle.get('Share the usage report');
    assert.deepEqual(usage.owner, { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' });
    const engineer: any = byTitle.get('Line up a solutions engineer');
    assert.equal(engineer.owner.userId, host.users.find((u) => u.displayName === 'Morgan Lee')?.userId);
    assert.deepEqual(engineer.tags, ['internal']);
    assert.equal(body.meeting.dealId, host.demo.deals.find((d) => d.account === 'Fabrikam')?.id, 'linked to the suggested deal');
    await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-saved.png'), fullPage: true });
    await page.close();
  });

  it('keeps the draft through an outage and a reload, then saves it exactly once', async () => {
    const { page } = await openPane('Diego Alvarez', 'demo-calendar-adventure-0');
    // The first save reaches the API but its answer is lost; later ones cannot reach it at all.
    let intercepted = 0;
    // Every attempt the page made, seen by the route while it is in place and by the request event always (a request
    // the route aborts is not always reported as an event): one entry per request.
    const sent = new Map<object, string>();
    const record = (request: { method(): string; url(): string; headers(): Record<string, string> }) => {
      if (request.method() === 'POST' && request.url().endsWith('/outcomes')) sent.set(request, request.headers()['idempotency-key'] ?? '');
    };
    page.on('request', record);
    await page.route('**/api/meetings/*/outcomes', async (route) => {
      record(route.request());
      intercepted++;
      if (intercepted === 1) await route.fetch();
      await route.abort('connectionfailed');
    });
    await lineInput(page, 1).fill('Send the executive summary to Rob by Thursday #next');
    await page.keyboard.press('Enter');
    await lineInput(page, 2).fill('Mia to confirm the rollout regions next week #map');
    await page.getByRole('button', { name: /^Save 2 items/ }).click();
    await page.getByText('Not saved yet').waitFor();
    await page.getByText(/kept on this device/).waitFor();

    await page.reload();
    await lineInput(page, 1).waitFor();
    assert.equal(await lineInput(page, 1).inputValue(), 'Send the executive summary to Rob by Thursday #next');
    assert.equal(await lineInput(page, 2).inputValue(), 'Mia to confirm the rollout regions next week #map');
    await page.getByText('Not saved yet').waitFor();

    await page.unroute('**/api/meetings/*/outcomes');
    // Either the user's "Try now" or the automatic retry gets there first; both must save once.
    await page
      .getByRole('button', { name: 'Try now' })
      .click({ timeout: 2000 })
      .catch(() => undefined);
    await page.getByText('Saved 2 items').waitFor();
    const keys = [...sent.values()];
    assert.ok(keys.length >= 2, `the save was sent ${keys.length} times`);
    assert.equal(new Set(keys).size, 1, 'every attempt carried the same Idempotency-Key');

    const api = await apiAs(host, 'Diego Alvarez');
    const { body } = await api.get(meetingPath(host, 'demo-calendar-adventure-0'));
    // Exactly once: the lost first answer and the retries all carried one Idempotency-Key.
    assert.deepEqual(body.items.map((i: any) => i.title).sort(), ['Confirm the rollout regions', 'Send the executive summary to Rob']);
    assert.deepEqual(body.items.find((i: any) => i.title === 'Confirm the rollout regions').owner, { type: 'contact', name: 'Mia Chen', email: 'mia.chen@adventure-works.example' });
    await page.reload();
    await lineInput(page, 1).waitFor();
    assert.equal(await lineInput(page, 1).inputValue(), '', 'the draft is gone once saved');
    await page.close();
  });

  it('reschedules an overdue item only with a reason', async () => {
    const { page } = await openPane('Diego Alvarez', 'demo-meeting-adventure-27');
    const item = host.demo.items.find((i) => i.title === 'Prepare business case for the steering committee');
    await page.getByRole('button', { name: 'Reschedule Prepare business case for the steering committee' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const submit = dialog.getByRole('button', { name: 'Reschedule' });
    assert.equal(await submit.isDisabled(), true, 'no reason, no reschedule');
    await dialog.getByLabel('Not sure how to do it').check();
    await dialog.getByLabel('In your words').fill('Need help with the ROI model');
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await submit.click();
    await dialog.waitFor({ state: 'detached' });

    const api = await apiAs(host, 'Diego Alvarez');
    const { body } = await api.get(`/action-items/${item?.id}`);
    const slip = body.slips.at(-1);
    assert.equal(slip.reason, 'skill');
    assert.equal(slip.note, 'Need help with the ROI model');
    assert.ok(Date.parse(body.dueAt) > Date.now(), 'moved into the future');
    await page.close();
  });

  it("lands the organizer's and an attendee's captures, made at the same moment from their own copies, on one meeting", async () => {
    // Priya organized the Fabrikam pricing follow-up; Sam attended. Each mailbox has its own copy (its own item id).
    const priya = host.users.find((u) => u.displayName === 'Priya Shah');
    const sam = host.users.find((u) => u.displayName === 'Sam Carter');
    assert.ok(priya && sam);
    assert.notEqual(itemIdOn(host, priya.userId, 'demo-calendar-fabrikam-0'), itemIdOn(host, sam.userId, 'demo-calendar-fabrikam-0'));
    const organizer = await openPane('Priya Shah', 'demo-calendar-fabrikam-0');
    const attendee = await openPane('Sam Carter', 'demo-calendar-fabrikam-0');
    await lineInput(organizer.page, 1).fill('Send the revised quote to Omar by Friday #next');
    await lineInput(attendee.page, 1).fill('Draft the integration note by Thursday #internal');
    await Promise.all([organizer.page.keyboard.press('Control+Enter'), attendee.page.keyboard.press('Control+Enter')]);
    await Promise.all([organizer.page.getByText('Saved 1 item').waitFor(), attendee.page.getByText('Saved 1 item').waitFor()]);

    // One meeting, keyed by the event: the manager sees both captures on it, and it is still the organizer's.
    const morgan = await apiAs(host, 'Morgan Lee');
    const { status, body } = await morgan.get(meetingPath(host, 'demo-calendar-fabrikam-0'));
    assert.equal(status, 200);
    assert.equal(body.meeting.key, demoEvent(host, 'demo-calendar-fabrikam-0').iCalUId);
    const titles = body.items.map((i: any) => i.title);
    assert.ok(titles.includes('Send the revised quote to Omar') && titles.includes('Draft the integration note'), JSON.stringify(titles));
    assert.equal(body.items.filter((i: any) => i.title === 'Draft the integration note').length, 1);
    // Reopened, each of them sees the meeting's captures under the one key.
    await attendee.page.reload();
    await attendee.page.getByText('Draft the integration note').first().waitFor();
    await organizer.page.close();
    await attendee.page.close();
  });

  it('has no serious accessibility violations, fits 320 px, and works with Microsoft CDNs out of reach', async () => {
    const { page, blocked } = await openPane('Sam Carter', 'demo-calendar-lamna-0', { width: 320 });
    await lineInput(page, 1).fill('Send the pen test summary to Ruth by Friday #map');
    await page.getByRole('button', { name: /^Owner: Me/ }).waitFor();
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (overflow ${overflow}px)`);
    assert.deepEqual(blocked, [], 'the browser host asks no Microsoft CDN for anything');
    await page.close();
  });

  it('follows the dark theme', async () => {
    const { page } = await openPane('Priya Shah', 'demo-meeting-fabrikam-6', { theme: 'dark' });
    await lineInput(page, 1).fill('Send the redlines to Omar tomorrow #next');
    await page.getByRole('button', { name: /^Owner: Me/ }).waitFor();
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('[data-theme]') as Element).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)');
    assert.equal(await page.locator('[data-theme="dark"]').count(), 1);
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'taskpane-dark.png'), fullPage: true });
    await page.close();
  });
});
