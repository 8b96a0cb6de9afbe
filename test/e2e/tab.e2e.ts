import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { LocalHost } from '../../functions/local/server';
import { apiAs, blockMicrosoftCdns, launchChromium, SCREENSHOTS, seriousAccessibilityViolations, startProduct } from './support';

let host: LocalHost;
let browser: Browser;
let closeBrowser: () => Promise<void>;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  host = await startProduct();
  ({ browser, close: closeBrowser } = await launchChromium());
});

after(async () => {
  await closeBrowser?.();
  await host?.close();
});

async function openTab(userName: string, options: { theme?: 'light' | 'dark'; width?: number } = {}): Promise<Page> {
  const user = host.users.find((u) => u.displayName === userName);
  assert.ok(user);
  const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 1000 }, colorScheme: options.theme ?? 'light' });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await blockMicrosoftCdns(page);
  await page.goto(`${host.webUrl}/tab.html?user=${user.userId}${options.theme ? `&theme=${options.theme}` : ''}`);
  await page.getByRole('navigation', { name: 'Followthrough' }).waitFor();
  assert.deepEqual(errors, []);
  return page;
}

describe('the Teams tab in the local host', () => {
  it('lets the rep reschedule an overdue item with reason skill, and the manager sees it under the skill group', async () => {
    const page = await openTab('Sam Carter');
    await page.getByRole('main', { name: 'My commitments' }).waitFor();
    const title = 'Send updated quote with academic discount';
    await page.getByRole('button', { name: `Reschedule ${title}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Not sure how to do it').check();
    await dialog.getByLabel('In your words').fill('Never priced an academic deal');
    await dialog.getByRole('button', { name: 'Reschedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.close();

    const api = await apiAs(host, 'Morgan Lee');
    const team = host.demo.teams.find((t) => t.name === 'East Enterprise');
    const agenda = await api.get(`/teams/${team?.id}/agenda?repId=${host.users.find((u) => u.displayName === 'Sam Carter')?.userId}`);
    const skill = agenda.body.slips.find((g: any) => g.reason === 'skill');
    assert.ok(skill, 'a skill group');
    assert.equal(skill.question, 'Does the rep know what to do?');
    assert.ok(skill.items.some((i: any) => i.title === title && i.note === 'Never priced an academic deal'));

    const manager = await openTab('Morgan Lee');
    await manager.getByRole('button', { name: 'Review Sam Carter' }).click();
    const group = manager.locator('[data-slip-reason="skill"]');
    await group.waitFor();
    assert.match(await group.innerText(), /Does the rep know what to do\?[\s\S]*Send updated quote with academic discount/);
    await manager.close();
  });

  it('runs a full review of a rep: agenda, discussed, complete, commitments, notes, finish', async () => {
    const page = await openTab('Morgan Lee');
    await page.getByRole('table').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tab-team-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Review Diego Alvarez' }).click();
    await page.getByRole('main', { name: 'Review of Diego Alvarez' }).waitFor();
    await page.getByText('Does the rep know what to do?').first().waitFor();

    await page.getByRole('checkbox', { name: 'Discussed: Prepare business case for the steering committee' }).check();
    await page.getByRole('checkbox', { name: 'Done: Send tiered pricing proposal' }).click();
    await page.getByRole('checkbox', { name: 'Done: Send tiered pricing proposal' }).waitFor({ state: 'detached' });

    const commitment = page.getByRole('textbox', { name: /^Action item 1: what/ });
    await commitment.fill('Draft the business case with Sam by Friday #next');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: /^Action item 2: what/ }).fill('Book two first meetings next week #prospecting');
    await page.getByLabel('Notes').fill('Pair with Sam on the business case; prospecting back to four a week.');
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tab-review-light.png'), fullPage: true });
    await page.getByRole('button', { name: 'Finish review' }).click();
    await page.getByText('Review saved with 2 commitments.').waitFor();

    const api = await apiAs(host, 'Morgan Lee');
    const team = host.demo.teams.find((t) => t.name === 'East Enterprise');
    const diego = host.users.find((u) => u.displayName === 'Diego Alvarez');
    const reviews = await api.get(`/reviews?teamId=${team?.id}&repId=${diego?.userId}`);
    const latest = reviews.body.items[0];
    assert.equal(latest.notes, 'Pair with Sam on the business case; prospecting back to four a week.');
    const discussed = host.demo.items.find((i) => i.title === 'Prepare business case for the steering committee');
    assert.ok(latest.discussedItemIds.includes(discussed?.id));
    assert.equal(latest.commitmentIds.length, 2);
    const first = await api.get(`/action-items/${latest.commitmentIds[0]}`);
    assert.equal(first.body.accountableId, diego?.userId);
    assert.ok(first.body.tags.includes('review-commitment'));
    const done = await api.get(`/action-items?ownerId=${diego?.userId}&status=done&limit=200`);
    assert.ok(done.body.items.some((i: any) => i.title === 'Send tiered pricing proposal'));
    await page.close();
  });

  it('follows the dark theme, with no serious accessibility violations', async () => {
    const page = await openTab('Morgan Lee', { theme: 'dark' });
    await page.getByRole('table').waitFor();
    assert.equal(await page.locator('[data-theme="dark"]').count(), 1);
    await page.getByRole('button', { name: 'Review Priya Shah' }).click();
    await page.getByRole('main', { name: 'Review of Priya Shah' }).waitFor();
    await page.getByRole('textbox', { name: /^Action item 1: what/ }).waitFor();
    // The review's items offer their history too.
    await page.getByRole('button', { name: /^History of / }).first().waitFor();
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tab-review-dark.png'), fullPage: true });
    await page.close();
  });

  it('lets the manager save Settings across origins, and reads them back; a concurrent change is explained', async () => {
    const api = await apiAs(host, 'Morgan Lee');
    const team = host.demo.teams.find((t) => t.name === 'East Enterprise');
    const priya = host.users.find((u) => u.displayName === 'Priya Shah');
    const page = await openTab('Morgan Lee');
    const preflights: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT') preflights.push(r.url());
    });
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('main', { name: 'Team settings' });
    await settings.waitFor();
    await settings.getByLabel('Prospecting per week').fill('6');
    await settings.getByLabel('Stale after (days)').fill('21');
    await settings.getByLabel('Priya Shah').fill('150000');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await settings.getByText('Saved.').waitFor();
    assert.ok(preflights.length >= 2, 'traps and goals were sent with PUT');

    const traps = await api.get(`/teams/${team?.id}/traps`);
    assert.equal(traps.status, 200);
    assert.equal(traps.body.weeklyProspectingTarget, 6);
    assert.equal(traps.body.staleDealDays, 21);
    const goals = await api.get(`/teams/${team?.id}/goals`);
    assert.ok(goals.body.quotas.some((q: any) => q.repId === priya?.userId && q.amount === 150000));

    // Reopened, the page shows what was stored.
    await page.reload();
    await page.getByRole('navigation', { name: 'Followthrough' }).waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('main', { name: 'Team settings' }).waitFor();
    assert.equal(await page.getByLabel('Prospecting per week').inputValue(), '6');
    assert.equal(await page.getByLabel('Priya Shah').inputValue(), '150000');

    // Someone else changes the traps while this page has them open: the save says what happened, and keeps the edit.
    const fresh = await fetch(`${host.apiUrl}/teams/${team?.id}/traps`, { headers: { authorization: `Bearer ${await host.tokenFor(api.user.userId)}` } });
    const changed = await fetch(`${host.apiUrl}/teams/${team?.id}/traps`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await host.tokenFor(api.user.userId)}`, 'content-type': 'application/json', 'if-match': fresh.headers.get('etag') ?? '' },
      body: JSON.stringify({ ...(await fresh.json()), weeklyProspectingTarget: 9 }),
    });
    assert.equal(changed.status, 200);
    await page.getByLabel('Prospecting per week').fill('7');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/The ladder and traps were not saved: someone changed these settings meanwhile/).waitFor();
    assert.equal(await page.getByLabel('Prospecting per week').inputValue(), '7');
    assert.equal((await api.get(`/teams/${team?.id}/traps`)).body.weeklyProspectingTarget, 9);
    await page.close();
  });

  it("lets a rep reschedule an item with a reason and read it back in the item's History, as the API's history has it", async () => {
    const title = 'Book executive sponsor call';
    const item = host.demo.items.find((i) => i.title === title);
    const priya = host.users.find((u) => u.displayName === 'Priya Shah');
    assert.ok(item && priya);
    const page = await browser.newPage({ viewport: { width: 1100, height: 1000 }, timezoneId: 'UTC', locale: 'en-US' });
    await blockMicrosoftCdns(page);
    await page.goto(`${host.webUrl}/tab.html?user=${priya.userId}`);
    const mine = page.getByRole('main', { name: 'My commitments' });
    await mine.waitFor();

    // An item nobody has changed since it was captured: the history says so.
    await page.getByRole('button', { name: 'History of Schedule pilot review' }).focus();
    await page.keyboard.press('Enter');
    const untouched = page.getByRole('dialog', { name: 'History of “Schedule pilot review”' });
    await untouched.getByText('No changes recorded yet.').waitFor();
    await page.keyboard.press('Escape');
    await untouched.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: `Reschedule ${title}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('New due date').fill('2030-12-06');
    await dialog.getByLabel('Waiting on the buyer').check();
    await dialog.getByLabel('In your words').fill('Dana is out until Monday');
    await dialog.getByRole('button', { name: 'Reschedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await mine.getByText('due Fri, Dec 6').waitFor();

    await page.getByRole('button', { name: `History of ${title}` }).click();
    const history = page.getByRole('dialog', { name: `History of “${title}”` });
    const entries = history.getByRole('list', { name: 'Changes, oldest first' }).getByRole('listitem');
    await entries.first().waitFor();
    assert.equal(await entries.count(), 1);
    const from = new Date(item.dueAt).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
    const shown = (await entries.first().innerText()).replace(/\s+/g, ' ').trim();
    const match = /^Priya Shah changed due date from (.+) to Fri, Dec 6 \(reason: waiting on the buyer — “Dana is out until Monday”\) · via API · (\d{2}:\d{2})$/.exec(shown);
    assert.ok(match, shown);
    assert.equal(match[1], from);
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await history.getByRole('button', { name: 'Close' }).click();
    await history.waitFor({ state: 'detached' });
    await page.close();

    // The API's history of the item says the same.
    const api = await apiAs(host, 'Priya Shah');
    const reply = await api.get(`/action-items/${item.id}/history`);
    assert.equal(reply.status, 200);
    const [entry, ...more] = reply.body.items;
    assert.deepEqual(more, []);
    assert.deepEqual(
      { ...entry, id: undefined, at: undefined },
      {
        id: undefined,
        entity: { kind: 'actionItem', id: item.id },
        at: undefined,
        by: { kind: 'user', userId: priya.userId, displayName: 'Priya Shah' },
        via: 'api',
        action: 'update',
        changes: [
          { field: 'dueAt', before: item.dueAt, after: '2030-12-06T17:00:00.000Z' },
          { field: 'slip', before: null, after: { reason: 'buyer', note: 'Dana is out until Monday' } },
        ],
      },
    );
    // The time the tab showed is the entry's own (the page ran in UTC).
    assert.equal(match[2], entry.at.slice(11, 16));
  });

  it('shows a rep their commitments, the agenda preview and their reminders; a deep link opens the item', async () => {
    const item = host.demo.items.find((i) => i.title === 'Send contract draft');
    const sam = host.users.find((u) => u.displayName === 'Sam Carter');
    const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
    await blockMicrosoftCdns(page);
    await page.goto(`${host.webUrl}/tab.html?user=${sam?.userId}&subEntityId=item:${item?.id}`);
    await page.getByRole('main', { name: 'My commitments' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Team' }).count(), 0, 'a rep has no team view');
    await page.getByRole('region', { name: 'Your next review' }).waitFor();
    const highlighted = page.locator(`#item-${item?.id}`);
    await highlighted.waitFor();
    assert.match(await highlighted.innerText(), /Send contract draft/);
    await page.close();
  });
});
