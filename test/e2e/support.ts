import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type CalendarEvent, mailboxItemId } from '../../functions/local/demo-calendar';
import { type LocalHost, type LocalHostOptions, startLocalHost } from '../../functions/local/server';

export const ROOT = path.resolve(__dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'test/e2e/artifacts');
/**
 * Where the e2e tests save their screenshots: the ignored artifacts folder, so a run leaves the working tree clean;
 * `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes them into docs/screenshots, which the README shows.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(ROOT, 'docs/screenshots') : path.join(ARTIFACTS, 'screenshots');

/**
 * Chromium from Debian's packages, with the flags checked on this kind of machine (no network beyond loopback).
 * Playwright gives every launch a fresh, temporary profile of its own.
 *
 * Outside hosts are kept away by Chromium's own resolver, not by Playwright routes: while a page has a route,
 * Playwright answers CORS preflights itself and allows any method, so a test could pass while a real browser gets
 * "Failed to fetch". `hostRules` (e.g. `MAP appsforoffice.microsoft.com 127.0.0.1:8443`) come before the rule that
 * makes every other host unresolvable.
 */
export async function launchChromium(options: { hostRules?: string[]; args?: string[] } = {}): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const rules = [...(options.hostRules ?? []), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost'].join(', ');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=${rules}`,
      ...(options.args ?? []),
    ],
  });
  return { browser, close: () => browser.close() };
}

/** The whole product on loopback, as `npm start` runs it, with the built pages. */
export function startProduct(options: Partial<LocalHostOptions> = {}): Promise<LocalHost> {
  return startLocalHost({ apiPort: 0, webPort: 0, demoData: 'always', ...options });
}

const MICROSOFT_HOSTS = /^https?:\/\/([^/]*\.)?(microsoft\.com|office\.net|office\.com|microsoftonline\.com|msauth\.net|live\.com)\//;

/**
 * Microsoft's CDNs (Office.js, teams-js's valid domains) are out of reach here; Chromium cannot resolve them (see
 * launchChromium). This records what the page asked of them, without a route, so CORS stays the browser's own.
 */
export async function blockMicrosoftCdns(page: Page): Promise<string[]> {
  const asked: string[] = [];
  page.on('request', (request) => {
    if (MICROSOFT_HOSTS.test(request.url())) asked.push(request.url());
  });
  return asked;
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A dev token and a typed fetch against the local API, to check what the pages did. */
export async function apiAs(host: LocalHost, displayName: string) {
  const user = host.users.find((u) => u.displayName === displayName);
  if (!user) throw new Error(`no demo user ${displayName}`);
  const token = await host.tokenFor(user.userId);
  return {
    user,
    async get<T = any>(pathAndQuery: string): Promise<{ status: number; body: T }> {
      const response = await fetch(`${host.apiUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as T };
    },
  };
}

/**
 * The task pane on a demo meeting as `userId`'s Outlook would open it: under the item id of that user's own copy
 * (`slug` names the meeting, e.g. `demo-calendar-fabrikam-0`).
 */
export function taskpaneUrl(host: LocalHost, userId: string, slug: string, extra = ''): string {
  return `${host.webUrl}/taskpane.html?user=${userId}&meeting=${encodeURIComponent(itemIdOn(host, userId, slug))}${extra}`;
}

/** A demo meeting by its slug. */
export function demoEvent(host: LocalHost, slug: string): CalendarEvent {
  const event = host.demo.calendar.find((e) => e.slug === slug);
  if (!event) throw new Error(`no demo meeting ${slug}`);
  return event;
}

/** The id of a demo meeting's copy in this user's mailbox. */
export function itemIdOn(host: LocalHost, userId: string, slug: string): string {
  const user = host.users.find((u) => u.userId === userId);
  if (!user) throw new Error(`no demo user ${userId}`);
  return mailboxItemId(user.email, demoEvent(host, slug).iCalUId);
}

/** `/meetings/{key}` of a demo meeting: every attendee's copy is one meeting, keyed by the event's iCalUId. */
export function meetingPath(host: LocalHost, slug: string): string {
  return `/meetings/${encodeURIComponent(demoEvent(host, slug).iCalUId)}`;
}
