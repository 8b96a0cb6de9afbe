// The real host code in Chromium: the task pane with `?host=outlook` against an Office.js stand-in served at
// Office.js's own address, the tab and the pane with `?host=teams` against a teams-js test host in frameless mode,
// and signing in through the real MSAL — nested app authentication through a stand-in bridge, each fallback, and
// each failure the user must be told about. Nothing outside loopback resolves; no page.route anywhere.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LOCAL_API_CLIENT_ID } from '../../functions/local/dev-identity';
import type { LocalHost } from '../../functions/local/server';
import { startWebServer, type WebServer } from '../../functions/local/web';
import type { DevUser } from '../../functions/local/dev-identity';
import { type PageHostScenario, SCENARIO_KEY, type OfficeItem, type OfficeScenario } from './standins/scenario';
import { bundleForBrowser, type StandIns, startStandIns } from './standins/server';
import { apiAs, ARTIFACTS, demoEvent, itemIdOn, launchChromium, meetingPath, ROOT, startProduct } from './support';

const API_SCOPE = `api://${LOCAL_API_CLIENT_ID}/access_as_user`;
/** How long the pane waits for Office.onReady before it gives up (OFFICE_READY_TIMEOUT_MS), with room to render. */
const OFFICE_READY_WAIT_MS = 15_000;

let host: LocalHost;
let standIns: StandIns;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let pageHostScript: string;
/** The pages once more, with an app-config that names a standard-MSAL authority: the local OIDC stand-in. */
let msalPages: WebServer;
const msalPagesConfig: Record<string, unknown> = {};

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  msalPages = await startWebServer({ port: 0, root: path.join(ROOT, 'addin/dist'), appConfig: msalPagesConfig });
  host = await startProduct({ webOrigins: [msalPages.url] });
  standIns = await startStandIns(host);
  Object.assign(msalPagesConfig, {
    apiBaseUrl: host.apiUrl,
    mode: 'local',
    devBaseUrl: host.baseUrl,
    clientId: LOCAL_API_CLIENT_ID,
    apiScope: API_SCOPE,
    graphBaseUrl: `${host.baseUrl}/dev/graph/v1.0`,
    authority: standIns.authority(user('Priya Shah').tenantId),
  });
  pageHostScript = await bundleForBrowser('page-host.ts');
  ({ browser, close: closeBrowser } = await launchChromium({ hostRules: standIns.hostRules, args: standIns.chromiumArgs }));
});

after(async () => {
  await closeBrowser?.();
  await standIns?.close();
  await host?.close();
  await msalPages?.close();
});

function user(displayName: string): DevUser {
  const found = host.users.find((u) => u.displayName === displayName);
  if (!found) throw new Error(`no demo user ${displayName}`);
  return found;
}

const devTokens = (who: DevUser) => ({ kind: 'dev' as const, devBaseUrl: host.baseUrl, userId: who.userId });

/** The bridge Outlook or Teams would put on the page, handing out tokens the local issuer mints for `who`. */
function naaFor(who: DevUser, extra: Partial<NonNullable<PageHostScenario['naa']>> = {}): NonNullable<PageHostScenario['naa']> {
  return { user: { tenantId: who.tenantId, userId: who.userId, displayName: who.displayName, email: who.email }, clientId: LOCAL_API_CLIENT_ID, tokens: devTokens(who), ...extra };
}

/** A demo meeting as `who`'s Outlook shows it: read mode for an attendee, compose for the organizer. */
function appointment(who: DevUser, slug: string, mode: OfficeItem['mode'] = 'read'): OfficeItem {
  const event = demoEvent(host, slug);
  const person = (p: { name: string; email: string }) => ({ displayName: p.name, emailAddress: p.email });
  return {
    mode,
    itemId: itemIdOn(host, who.userId, slug),
    subject: event.subject,
    start: event.start,
    end: event.end,
    organizer: person(event.organizer),
    requiredAttendees: event.attendees.map(person),
    optionalAttendees: [],
  };
}

function outlook(who: DevUser, item: OfficeItem, extra: Partial<OfficeScenario> = {}): OfficeScenario {
  return { onReady: 'ready', requirementSets: { Mailbox: '1.13', NestedAppAuth: '1.1' }, bodyBackgroundColor: '#ffffff', item, sso: devTokens(who), ...extra };
}

/** Opens a page with the hosts the scenario describes injected before its scripts run. */
async function openHostPage(url: string, scenario: PageHostScenario, viewport = { width: 360, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((s) => {
    (window as Window & { __followthroughTestHost?: unknown }).__followthroughTestHost = s;
  }, scenario);
  await page.addInitScript({ content: pageHostScript });
  await page.goto(url);
  return { page, errors };
}

/** Changes the scenario for the rest of the page's life, reloads included. */
async function changeScenario(page: Page, change: (s: PageHostScenario) => PageHostScenario): Promise<void> {
  const current = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) ?? 'null') ?? (window as Window & { __followthroughTestHost?: unknown }).__followthroughTestHost, SCENARIO_KEY);
  await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [SCENARIO_KEY, JSON.stringify(change(current as PageHostScenario))] as const);
}

const callsIn = (page: Page) => page.evaluate(() => (window as Window & { __followthroughTestCalls?: string[] }).__followthroughTestCalls ?? []);
const lineInput = (page: Page, n: number) => page.getByRole('textbox', { name: new RegExp(`^Action item ${n}: what`) });
const problem = (page: Page) => page.getByRole('alert').filter({ hasText: 'Followthrough could not start' });
const tryAgain = (page: Page) => page.getByRole('button', { name: 'Try again' });

describe('the task pane in Outlook (Office.js stand-in at its own address)', () => {
  it('renders an attendee’s appointment and captures three items through the real adapter, signed in with NAA', async () => {
    const priya = user('Priya Shah');
    const item = appointment(priya, 'demo-calendar-fabrikam-0');
    const { page, errors } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, item), naa: naaFor(priya) });
    await lineInput(page, 1).waitFor();
    await page.getByText(item.subject).first().waitFor();

    await lineInput(page, 1).focus();
    await page.keyboard.type('Send pricing to Dana by Friday #map');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Dana to share the usage report tomorrow #map');
    await page.keyboard.press('Enter');
    await page.keyboard.type('@Morgan line up a solutions engineer in 3 days #internal');
    await page.getByRole('button', { name: /^Owner: Morgan Lee/ }).waitFor();
    await page.keyboard.press('Control+Enter');
    await page.getByText('Saved 3 items').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'hosts-outlook-naa.png'), fullPage: true });

    // The item id (already in REST form) is Priya's copy; Graph, asked through NAA, names the event: the meeting's key.
    const { status, body } = await (await apiAs(host, 'Priya Shah')).get(meetingPath(host, 'demo-calendar-fabrikam-0'));
    assert.equal(status, 200);
    assert.equal(body.meeting.key, demoEvent(host, 'demo-calendar-fabrikam-0').iCalUId);
    assert.deepEqual(body.items.map((i: any) => i.title).sort(), ['Line up a solutions engineer', 'Send pricing to Dana', 'Share the usage report']);
    assert.deepEqual(body.items.find((i: any) => i.title === 'Share the usage report').owner, { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' });
    const calls = await callsIn(page);
    assert.ok(calls.includes(`naa:GetToken:${API_SCOPE}`), calls.join('\n'));
    assert.ok(calls.includes('naa:GetToken:Calendars.ReadBasic'), calls.join('\n'));
    assert.ok(calls.includes('convertToRestId'));
    assert.ok(!calls.some((c) => c.startsWith('auth.getAccessToken')), 'no Office SSO where NAA works');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('reads the organizer’s meeting field by field, signing in with Office SSO where NestedAppAuth 1.1 is not supported', async () => {
    const event = demoEvent(host, 'demo-calendar-adventure-0');
    const organizer = host.users.find((u) => u.email === event.organizer.email) as DevUser;
    const item = appointment(organizer, 'demo-calendar-adventure-0', 'compose');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(organizer, item, { requirementSets: { Mailbox: '1.13' } }), naa: naaFor(organizer) });
    await lineInput(page, 1).fill('Send the executive summary to the steering committee by Thursday #next');
    await page.getByRole('button', { name: /^Save 1 item/ }).click();
    await page.getByText('Saved 1 item').waitFor();

    // Office SSO gives a token for Followthrough only, none for Graph: the calendar cannot be asked, so this capture
    // stays under the mailbox item's id (the README says so) rather than being refused.
    const { body } = await (await apiAs(host, organizer.displayName)).get(`/meetings/${encodeURIComponent(item.itemId as string)}`);
    assert.deepEqual(body.items.map((i: any) => i.title), ['Send the executive summary to the steering committee']);
    assert.equal(body.meeting.subject, event.subject);
    const calls = await callsIn(page);
    assert.ok(calls.includes('auth.getAccessToken:{"allowSignInPrompt":true,"allowConsentPrompt":true}'), calls.join('\n'));
    assert.ok(!calls.some((c) => c.startsWith('naa:')), 'the bridge is not asked where NAA is not supported');
    await page.close();
  });

  it('asks to save a new appointment first', async () => {
    const priya = user('Priya Shah');
    const item = { ...appointment(priya, 'demo-calendar-fabrikam-0', 'compose'), itemId: null };
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, item), naa: naaFor(priya) });
    await page.getByText('Save the meeting first, then capture its outcomes.').waitFor();
    await page.close();
  });

  it('falls back to Office SSO when Outlook claims NAA but puts no bridge on the page', async () => {
    const priya = user('Priya Shah');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0')) });
    await lineInput(page, 1).waitFor();
    const calls = await callsIn(page);
    assert.ok(calls.includes('isSetSupported:NestedAppAuth'));
    assert.ok(calls.some((c) => c.startsWith('auth.getAccessToken')), calls.join('\n'));
    await page.close();
  });

  it('says Office.js could not be loaded, with a retry that works once it can be', async () => {
    const priya = user('Priya Shah');
    standIns.officeJs = 'missing';
    try {
      const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0')), naa: naaFor(priya) });
      await problem(page).getByText('Office.js could not be loaded. Check your connection, then select Try again.').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS, 'hosts-outlook-office-js-missing.png'), fullPage: true });

      standIns.officeJs = 'serve';
      await tryAgain(page).click();
      await lineInput(page, 1).waitFor();
      await page.close();
    } finally {
      standIns.officeJs = 'serve';
    }
  });

  it('says the same where Office.js’s host does not resolve at all', async () => {
    const priya = user('Priya Shah');
    const offline = await launchChromium();
    try {
      const page = await offline.browser.newPage();
      await page.addInitScript((s) => {
        (window as Window & { __followthroughTestHost?: unknown }).__followthroughTestHost = s;
      }, { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0')) });
      await page.goto(`${host.webUrl}/taskpane.html?host=outlook`);
      await problem(page).getByText('Office.js could not be loaded. Check your connection, then select Try again.').waitFor();
      await tryAgain(page).waitFor();
    } finally {
      await offline.close();
    }
  });

  it('gives up on an Office.onReady that never answers, after the time-box, with a retry', async () => {
    const priya = user('Priya Shah');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0'), { onReady: 'never' }), naa: naaFor(priya) });
    await problem(page).getByText('Outlook did not answer in time. Select Try again, or close and reopen Followthrough.').waitFor({ timeout: OFFICE_READY_WAIT_MS });
    await tryAgain(page).waitFor();
    await page.close();
  });
});

describe('signing in (the real MSAL)', () => {
  it('prompts through the host when NAA says the user must interact', async () => {
    const priya = user('Priya Shah');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0')), naa: naaFor(priya, { silent: 'USER_INTERACTION_REQUIRED' }) });
    await lineInput(page, 1).waitFor();
    const calls = await callsIn(page);
    assert.ok(calls.includes(`naa:GetTokenPopup:${API_SCOPE}`), calls.join('\n'));
    await page.close();
  });

  it('says so with a retry when the user cancels the prompt, and keeps the lines typed before', async () => {
    const sam = user('Sam Carter');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(sam, appointment(sam, 'demo-calendar-lamna-0')), naa: naaFor(sam) });
    await lineInput(page, 1).fill('Send the pen test summary to Ruth by Friday #map');
    await page.keyboard.press('Enter');
    await lineInput(page, 2).fill('Ruth to confirm the pilot sites next week #map');
    await page.getByRole('button', { name: /^Save 2 items/ }).waitFor();

    // Next time Outlook wants the user to sign in again, and the user cancels.
    await changeScenario(page, (s) => ({ ...s, naa: { ...(s.naa as NonNullable<PageHostScenario['naa']>), silent: 'USER_INTERACTION_REQUIRED', popup: 'USER_CANCEL' } }));
    await page.evaluate(() => {
      for (const storage of [localStorage, sessionStorage]) for (const key of Object.keys(storage)) if (key.startsWith('msal.')) storage.removeItem(key);
    });
    await page.reload();
    await problem(page).getByText('Signing in was cancelled. Select Try again to sign in to Followthrough.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'hosts-sign-in-cancelled.png'), fullPage: true });

    await changeScenario(page, (s) => ({ ...s, naa: { ...(s.naa as NonNullable<PageHostScenario['naa']>), popup: 'token' } }));
    await tryAgain(page).click();
    await lineInput(page, 2).waitFor();
    assert.equal(await lineInput(page, 1).inputValue(), 'Send the pen test summary to Ruth by Friday #map');
    assert.equal(await lineInput(page, 2).inputValue(), 'Ruth to confirm the pilot sites next week #map');
    await page.close();
  });

  it('says signing in did not give Followthrough access when the API refuses a token for another audience', async () => {
    const priya = user('Priya Shah');
    const wrong = await host.identity.mint(priya, { aud: 'api://00000003-0000-0000-c000-000000000000' });
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, {
      office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0')),
      naa: naaFor(priya, { tokens: { kind: 'fixed', token: wrong } }),
    });
    await problem(page)
      .getByText('Signing in did not give Followthrough access (The token is for another audience). Select Try again; if it keeps happening, ask your administrator to check Followthrough’s sign-in settings.')
      .waitFor();
    assert.equal(await page.getByText('The API answered 401').count(), 0);

    await changeScenario(page, (s) => ({ ...s, naa: { ...(s.naa as NonNullable<PageHostScenario['naa']>), tokens: devTokens(priya) } }));
    await tryAgain(page).click();
    await lineInput(page, 1).waitFor();
    await page.close();
  });

  it('tells the user Office’s sign-in was cancelled (Office SSO 13002), with a retry', async () => {
    const priya = user('Priya Shah');
    const { page } = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, {
      office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0'), { requirementSets: { Mailbox: '1.13' }, sso: { kind: 'error', code: 13002 } }),
    });
    await problem(page).getByText('Signing in was cancelled. Select Try again to sign in to Followthrough.').waitFor();
    await tryAgain(page).waitFor();
    await page.close();
  });

  it('signs in with standard MSAL in a popup to the OIDC authority where Office SSO says to (13003)', async () => {
    const priya = user('Priya Shah');
    standIns.signInAs = priya;
    const scenario: PageHostScenario = { office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0'), { requirementSets: { Mailbox: '1.13' }, sso: { kind: 'error', code: 13003 } }) };
    const { page } = await openHostPage(`${msalPages.url}/taskpane.html?host=outlook`, scenario);
    await lineInput(page, 1).waitFor();
    // One popup signed her in to Followthrough and consented to the calendar: the capture lands on the event's meeting.
    await lineInput(page, 1).fill('Confirm the order form owner with Omar tomorrow #map');
    await page.getByRole('button', { name: /^Save 1 item/ }).click();
    await page.getByText('Saved 1 item').waitFor();
    const { body } = await (await apiAs(host, 'Priya Shah')).get(meetingPath(host, 'demo-calendar-fabrikam-0'));
    assert.ok(body.items.some((i: any) => i.title === 'Confirm the order form owner with Omar'), JSON.stringify(body.items.map((i: any) => i.title)));
    const tenant = priya.tenantId;
    assert.ok(standIns.seen.includes(`GET login.followthrough.test /${tenant}/oauth2/v2.0/authorize`), standIns.seen.join('\n'));
    assert.ok(standIns.seen.includes(`POST login.followthrough.test /${tenant}/oauth2/v2.0/token`), standIns.seen.join('\n'));
    await page.close();
  });

  it('says the sign-in window was blocked, and signs in on the next try once it is allowed', async () => {
    const priya = user('Priya Shah');
    standIns.signInAs = priya;
    const scenario: PageHostScenario = {
      office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0'), { requirementSets: { Mailbox: '1.13' }, sso: { kind: 'error', code: 13003 } }),
      blockPopups: true,
    };
    const { page } = await openHostPage(`${msalPages.url}/taskpane.html?host=outlook`, scenario);
    await problem(page).getByText('The sign-in window was blocked. Allow pop-ups for Followthrough, then select Try again.').waitFor();

    await changeScenario(page, (s) => ({ ...s, blockPopups: false }));
    await tryAgain(page).click();
    await lineInput(page, 1).waitFor();
    await page.close();
  });

  it('says so when the user cancels at the authority', async () => {
    const priya = user('Priya Shah');
    standIns.signInAs = null;
    const { page } = await openHostPage(`${msalPages.url}/taskpane.html?host=outlook`, {
      office: outlook(priya, appointment(priya, 'demo-calendar-fabrikam-0'), { requirementSets: { Mailbox: '1.13' }, sso: { kind: 'error', code: 13003 } }),
    });
    await problem(page).getByText('Signing in was cancelled. Select Try again to sign in to Followthrough.').waitFor();
    await page.close();
  });
});

describe('the tab and the pane in Teams (teams-js test host, frameless)', () => {
  const teamsContext = (who: DevUser, extra: object = {}) => ({
    locale: 'en-us',
    theme: 'default' as const,
    entityId: 'my-commitments',
    userObjectId: who.userId,
    userPrincipalName: who.email,
    loginHint: who.email,
    tid: who.tenantId,
    ...extra,
  });

  it('opens My commitments at the deep-linked item, follows a theme change, and tells Teams it is ready', async () => {
    const sam = user('Sam Carter');
    const item = host.demo.items.find((i) => i.title === 'Send updated quote with academic discount');
    assert.ok(item);
    const { page, errors } = await openHostPage(
      `${host.webUrl}/tab.html?host=teams`,
      { teams: { context: teamsContext(sam, { subEntityId: `item:${item.id}` }), naaRecommended: true, sso: devTokens(sam) }, naa: naaFor(sam) },
      { width: 1100, height: 900 },
    );
    await page.getByRole('main', { name: 'My commitments' }).waitFor();
    const row = page.locator(`#item-${item.id}`);
    await row.waitFor();
    assert.ok(await row.isVisible());
    assert.equal(await page.locator('[data-theme="light"]').count(), 1);

    await page.evaluate(() => (window as Window & { __teamsTestHost?: { pushTheme(t: string): void } }).__teamsTestHost?.pushTheme('dark'));
    await page.locator('[data-theme="dark"]').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'hosts-teams-tab-dark.png'), fullPage: true });

    const teamsCalls = await page.evaluate(() => (window as Window & { __teamsTestHost?: { calls: string[] } }).__teamsTestHost?.calls ?? []);
    assert.deepEqual(teamsCalls.slice(0, 2), ['initialize', 'getContext']);
    assert.ok(teamsCalls.includes('appInitialization.success'), teamsCalls.join('\n'));
    assert.ok((await callsIn(page)).includes(`naa:GetToken:${API_SCOPE}`));
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('opens the team view a manager’s tab asks for, signing in with Teams SSO where NAA is not recommended', async () => {
    const morgan = user('Morgan Lee');
    const { page } = await openHostPage(`${host.webUrl}/tab.html?host=teams&view=team`, { teams: { context: teamsContext(morgan), naaRecommended: false, sso: devTokens(morgan) } }, { width: 1100, height: 900 });
    await page.getByRole('table').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Team', exact: true }).getAttribute('aria-current'), 'page');
    const calls = await callsIn(page);
    assert.ok(calls.includes('teams:getAuthToken'), calls.join('\n'));
    assert.ok(!calls.some((c) => c.startsWith('naa:')));
    await page.close();
  });

  it('shows a cancelled sign-in in the tab with a retry', async () => {
    const sam = user('Sam Carter');
    const { page } = await openHostPage(
      `${host.webUrl}/tab.html?host=teams`,
      { teams: { context: teamsContext(sam), naaRecommended: true, sso: devTokens(sam) }, naa: naaFor(sam, { silent: 'USER_INTERACTION_REQUIRED', popup: 'USER_CANCEL' }) },
      { width: 1100, height: 900 },
    );
    await problem(page).getByText('Signing in was cancelled. Select Try again to sign in to Followthrough.').waitFor();

    await changeScenario(page, (s) => ({ ...s, naa: { ...(s.naa as NonNullable<PageHostScenario['naa']>), popup: 'token' } }));
    await tryAgain(page).click();
    await page.getByRole('main', { name: 'My commitments' }).waitFor();
    await page.close();
  });

  it('captures in a Teams meeting onto the meeting its Outlook copies captured: one meeting, found through its chat', async () => {
    // Priya organized the Fabrikam pricing follow-up as a Teams meeting; Morgan attended. Morgan captures in Teams,
    // Priya in Outlook: both land on the event's meeting.
    const slug = 'demo-calendar-fabrikam-0';
    const event = demoEvent(host, slug);
    assert.ok(event.online, 'a Teams meeting');
    const morgan = user('Morgan Lee');
    const priya = user('Priya Shah');
    const inTeams = await openHostPage(`${host.webUrl}/taskpane.html?host=teams`, {
      teams: { context: teamsContext(morgan, { meetingId: event.online.meetingId, chatId: event.online.chatId }), naaRecommended: true, sso: devTokens(morgan) },
      naa: naaFor(morgan),
    });
    // Teams gives only ids: the subject comes from the calendar event Graph found for the chat.
    await inTeams.page.getByText(event.subject).first().waitFor();
    await lineInput(inTeams.page, 1).fill('Find a solutions engineer for Fabrikam by Friday #internal');
    await inTeams.page.getByRole('button', { name: /^Save 1 item/ }).click();
    await inTeams.page.getByText('Saved 1 item').waitFor();
    const teamsCalls = await callsIn(inTeams.page);
    assert.ok(teamsCalls.includes('naa:GetToken:Chat.ReadBasic'), teamsCalls.join('\n'));

    const inOutlook = await openHostPage(`${host.webUrl}/taskpane.html?host=outlook`, { office: outlook(priya, appointment(priya, slug)), naa: naaFor(priya) });
    await lineInput(inOutlook.page, 1).fill('Send the signed order form to Omar by Friday #next');
    await inOutlook.page.getByRole('button', { name: /^Save 1 item/ }).click();
    await inOutlook.page.getByText('Saved 1 item').waitFor();

    const { status, body } = await (await apiAs(host, 'Morgan Lee')).get(meetingPath(host, slug));
    assert.equal(status, 200);
    const titles = body.items.map((i: any) => i.title);
    assert.ok(titles.includes('Find a solutions engineer for Fabrikam') && titles.includes('Send the signed order form to Omar'), JSON.stringify(titles));
    // Teams' own meeting id names no meeting record: there is no third meeting.
    assert.equal((await (await apiAs(host, 'Morgan Lee')).get(`/meetings/${encodeURIComponent(event.online.meetingId)}`)).status, 404);
    await inTeams.page.close();
    await inOutlook.page.close();
  });
});
