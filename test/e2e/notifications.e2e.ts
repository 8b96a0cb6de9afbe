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

async function openMyNotifications(userName: string): Promise<Page> {
  const user = host.users.find((u) => u.displayName === userName);
  assert.ok(user);
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await blockMicrosoftCdns(page);
  await page.goto(`${host.webUrl}/tab.html?user=${user.userId}`);
  await page.getByRole('navigation', { name: 'Followthrough' }).getByRole('button', { name: 'My notifications' }).click();
  await page.getByRole('main', { name: 'My notifications' }).waitFor();
  await page.getByRole('button', { name: 'Save my notifications' }).waitFor();
  assert.deepEqual(errors, []);
  return page;
}

/** The channels as the page lists them, top first, with whether each is on. */
async function channelsShown(page: Page): Promise<[string, boolean][]> {
  const items = page.getByRole('list', { name: 'Channels in order' }).getByRole('listitem');
  const shown: [string, boolean][] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    shown.push([await item.locator('label').first().innerText(), await item.getByRole('checkbox').isChecked()]);
  }
  return shown;
}

describe('Settings → My notifications in the tab', () => {
  it('lets a rep reorder her channels, set quiet hours and digest only, saves across origins and reads them back', async () => {
    const api = await apiAs(host, 'Priya Shah');
    assert.deepEqual((await api.get('/me/preferences')).body.channels, ['card', 'feed', 'email']);
    const page = await openMyNotifications('Priya Shah');
    const puts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT') puts.push(r.url());
    });
    const settings = page.getByRole('main', { name: 'My notifications' });
    assert.deepEqual(await channelsShown(page), [
      ['A card in Teams chat (the Followthrough bot)', true],
      ['Teams activity feed', true],
      ['Email', true],
    ]);

    // Email first, the card off; quiet from 21:30 to 06:45 (across midnight); digest only.
    await settings.getByRole('button', { name: 'Move Email up' }).click();
    await settings.getByRole('button', { name: 'Move Email up' }).click();
    await settings.getByRole('checkbox', { name: 'A card in Teams chat (the Followthrough bot)', exact: true }).uncheck();
    await settings.getByRole('switch', { name: 'Hold reminders during quiet hours' }).check();
    await settings.getByLabel('From').fill('21:30');
    await settings.getByLabel('Until').fill('06:45');
    await settings.getByRole('switch', { name: /Only my daily digest/ }).check();
    await settings.getByRole('button', { name: 'Save my notifications' }).click();
    await settings.getByText('Saved.').waitFor();
    assert.equal(puts.length, 1);

    const stored = await api.get('/me/preferences');
    assert.equal(stored.status, 200);
    assert.deepEqual(
      { channels: stored.body.channels, quietHours: stored.body.quietHours, digestOnly: stored.body.digestOnly, timeZone: stored.body.timeZone },
      { channels: ['email', 'feed'], quietHours: { start: '21:30', end: '06:45' }, digestOnly: true, timeZone: 'America/New_York' },
    );

    // Reopened, the page shows what was stored.
    await page.reload();
    await page.getByRole('navigation', { name: 'Followthrough' }).getByRole('button', { name: 'My notifications' }).click();
    await page.getByRole('button', { name: 'Save my notifications' }).waitFor();
    assert.deepEqual(await channelsShown(page), [
      ['Email', true],
      ['Teams activity feed', true],
      ['A card in Teams chat (the Followthrough bot)', false],
    ]);
    assert.equal(await page.getByLabel('From').inputValue(), '21:30');
    assert.equal(await page.getByLabel('Until').inputValue(), '06:45');
    assert.equal(await page.getByRole('switch', { name: /Only my daily digest/ }).isChecked(), true);
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tab-my-notifications.png'), fullPage: true });
    await page.close();
  });

  it('validates as you type with the API’s schema, and explains a change made meanwhile elsewhere, keeping the edit', async () => {
    const page = await openMyNotifications('Sam Carter');
    const settings = page.getByRole('main', { name: 'My notifications' });
    for (const name of ['A card in Teams chat (the Followthrough bot)', 'Teams activity feed', 'Email']) await settings.getByRole('checkbox', { name, exact: true }).uncheck();
    await settings.getByText('Give at least one channel').waitFor();
    assert.equal(await settings.getByRole('button', { name: 'Save my notifications' }).isDisabled(), true);
    await settings.getByRole('checkbox', { name: 'Email', exact: true }).check();
    await settings.getByRole('switch', { name: 'Hold reminders during quiet hours' }).check();
    await settings.getByLabel('From').fill('07:00');
    await settings.getByLabel('Until').fill('07:00');
    await settings.getByText('Must differ from start').waitFor();
    await settings.getByLabel('Until').fill('09:00');

    // Sam changes them in another window meanwhile.
    const sam = host.users.find((u) => u.displayName === 'Sam Carter');
    const elsewhere = await fetch(`${host.apiUrl}/me/preferences`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await host.tokenFor(sam!.userId)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ digestOnly: true }),
    });
    assert.equal(elsewhere.status, 200);
    await settings.getByRole('button', { name: 'Save my notifications' }).click();
    await settings.getByText(/Your notification settings were not saved: they were changed meanwhile/).waitFor();
    assert.equal(await settings.getByLabel('Until').inputValue(), '09:00');
    const api = await apiAs(host, 'Sam Carter');
    assert.equal((await api.get('/me/preferences')).body.digestOnly, true);
    await page.close();
  });

  it('shows a manager both: the team’s Settings (with snoozes per item) and their own notifications', async () => {
    const page = await openMyNotifications('Morgan Lee');
    await page.getByRole('navigation', { name: 'Followthrough' }).getByRole('button', { name: 'Settings', exact: true }).click();
    const team = page.getByRole('main', { name: 'Team settings' });
    await team.waitFor();
    assert.equal(await team.getByLabel('Snoozes per item').inputValue(), '3');
    await page.close();
  });
});
