import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { LocalHost } from '../../functions/local/server';
import { blockMicrosoftCdns, launchChromium, SCREENSHOTS, seriousAccessibilityViolations, startProduct } from './support';

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

/** A timer run now, as a person would (`POST /admin/functions/{name}`). */
async function runTimer(name: string): Promise<void> {
  const response = await fetch(`${host.baseUrl}/admin/functions/${name}`, { method: 'POST' });
  assert.equal(response.status, 202, `${name} ran`);
}

async function chatOf(userId: string): Promise<{ activities: { id: string; card: unknown }[] }> {
  return (await (await fetch(`${host.baseUrl}/dev/bot/conversations/${userId}`)).json()) as { activities: { id: string; card: unknown }[] };
}

describe('a reminder card in the bot chat, in the tab of the local host', () => {
  it('an overdue item → sweep → dispatch → a card in Priya’s chat → Done in the tab → done in Cosmos, the card reads done, the next sweep sends nothing', async () => {
    const priya = host.users.find((u) => u.displayName === 'Priya Shah');
    assert.ok(priya);
    const token = await host.tokenFor(priya.userId);
    const api = (method: string, pathAndQuery: string, body?: unknown) =>
      fetch(`${host.apiUrl}${pathAndQuery}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    // The demo data's reminders first, so the item below comes in a card of its own.
    await runTimer('overdue-sweep');
    await runTimer('notification-dispatch');

    const title = 'Send the signed pilot agreement';
    const due = new Date(Date.now() - 86_400_000).toISOString();
    const created = await api('POST', '/action-items', { title, dueAt: due, owner: { type: 'user', userId: priya.userId } });
    assert.equal(created.status, 201);
    const id = ((await created.json()) as { id: string }).id;
    await runTimer('overdue-sweep');
    await runTimer('notification-dispatch');
    const chat = await chatOf(priya.userId);
    assert.ok(JSON.stringify(chat.activities[0]?.card).includes(title), 'the newest card is about the item');
    const messages = chat.activities.length;

    const page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await blockMicrosoftCdns(page);
    await page.goto(`${host.webUrl}/tab.html?user=${priya.userId}`);
    await page.getByRole('navigation', { name: 'Followthrough' }).waitFor();
    await page.getByRole('button', { name: 'Bot chat' }).click();
    const view = page.getByRole('main', { name: 'Bot chat' });
    const section = view.locator('[data-card-section]', { hasText: title }).first();
    await section.waitFor();
    const violations = await seriousAccessibilityViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tab-bot-chat-light.png'), fullPage: true });

    await section.getByRole('button', { name: 'Done' }).click();
    await section.getByText(/^Done by you at \d\d:\d\d$/).waitFor();
    assert.deepEqual(errors, []);

    const item = (await (await api('GET', `/action-items/${id}`)).json()) as { status: string; nextNudgeAt: string | null };
    assert.equal(item.status, 'done');
    assert.equal(item.nextNudgeAt, null);
    // The chat's card reads done too (the connector stand-in replaced it, as Teams does).
    const after = await chatOf(priya.userId);
    assert.match(JSON.stringify(after.activities.find((a) => JSON.stringify(a.card).includes(title))?.card), /Done by you at \d\d:\d\d/);

    // The ladder stopped: the next sweep and dispatch send nothing about it.
    await runTimer('overdue-sweep');
    await runTimer('notification-dispatch');
    const later = await chatOf(priya.userId);
    assert.equal(later.activities.length, messages);
    const reminders = (await (await api('GET', '/notifications?limit=200')).json()) as { items: { itemId: string | null }[] };
    assert.equal(reminders.items.filter((n) => n.itemId === id).length, 1);
    await page.close();
  });
});
