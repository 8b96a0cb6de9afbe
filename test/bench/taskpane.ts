/**
 * The task pane's own figures: initial JavaScript (gzip) against 150 KB, navigation to an interactive input in
 * Chromium against 1 s on the local host, and the keystrokes and clicks it takes to capture three items.
 * Run after `npm run build:pages` (npm run bench does it). Figures are printed and saved, never asserted.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { mailboxItemId } from '../../functions/local/demo-calendar';
import { startLocalHost } from '../../functions/local/server';
import { environment, REPO_ROOT } from './environment';
import { table } from './report';

const DIST = path.join(REPO_ROOT, 'addin/dist');
const BUDGET_INITIAL_KB = 150;
const BUDGET_INTERACTIVE_MS = 1000;
const RUNS = 7;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const gz = (buffer: Buffer) => gzipSync(buffer, { level: 9 }).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] as number;

/** The scripts a page loads before anything else: its entry module and the modules it preloads. */
async function initialScripts(page: string): Promise<string[]> {
  const html = await readFile(path.join(DIST, page), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const preloaded = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  return [...new Set([...entry, ...preloaded])];
}

async function bundleFigures() {
  const initial = await initialScripts('taskpane.html');
  const all = (await readdir(path.join(DIST, 'assets'))).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const size = async (files: string[]) => {
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const buffer = await readFile(path.join(DIST, file));
      raw += buffer.length;
      gzip += gz(buffer);
    }
    return { files: files.length, rawKb: kb(raw), gzipKb: kb(gzip) };
  };
  const initialSize = await size(initial);
  return {
    initial: { ...initialSize, scripts: initial, budgetKb: BUDGET_INITIAL_KB, withinBudget: initialSize.gzipKb <= BUDGET_INITIAL_KB },
    allChunks: await size(all),
  };
}

async function browserFigures() {
  const host = await startLocalHost({ apiPort: 0, webPort: 0, demoData: 'always' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const priya = host.users.find((u) => u.displayName === 'Priya Shah');
    const url = `${host.webUrl}/taskpane.html?user=${priya?.userId}&meeting=${encodeURIComponent(mailboxItemId(priya?.email ?? '', host.demo.calendar.find((e) => e.slug === 'demo-calendar-fabrikam-0')?.iCalUId ?? ''))}`;
    // The API process warms up once (signing keys fetched, first Cosmos queries): what is measured is the page.
    const warmUp = await browser.newContext();
    const warmPage = await warmUp.newPage();
    await warmPage.goto(url);
    await warmPage.getByRole('textbox', { name: /^Action item 1: what/ }).waitFor();
    await warmUp.close();
    const cold: number[] = [];
    const warm: number[] = [];
    const jsLoadedKb: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
      const page = await context.newPage();
      let js = 0;
      page.on('response', async (r) => {
        if (r.url().endsWith('.js')) js += (await r.body().catch(() => Buffer.alloc(0))).length;
      });
      for (const [i, into] of [cold, warm].entries()) {
        const t0 = Date.now();
        if (i === 0) await page.goto(url);
        else await page.reload();
        await page.getByRole('textbox', { name: /^Action item 1: what/ }).waitFor({ state: 'visible' });
        into.push(Date.now() - t0);
      }
      jsLoadedKb.push(kb(js));
      await context.close();
    }

    // Three items by keyboard: count every key and click the capture takes.
    const context = await browser.newContext({ viewport: { width: 360, height: 900 } });
    const page = await context.newPage();
    await page.goto(url.replace('fabrikam-0', 'litware-1'));
    const first = page.getByRole('textbox', { name: /^Action item 1: what/ });
    await first.waitFor();
    const focused = await first.evaluate((el) => el === el.ownerDocument.activeElement);
    let keys = 0;
    let clicks = 0;
    if (!focused) {
      await first.click();
      clicks++;
    }
    const lines = ['Send the pilot plan to Hannah by Friday #next', 'Hannah to confirm the pilot users tomorrow #map', '@Morgan review the pilot pricing in 3 days #internal'];
    for (const [i, line] of lines.entries()) {
      await page.keyboard.type(line);
      keys += line.length;
      await page.keyboard.press(i < lines.length - 1 ? 'Enter' : 'Control+Enter');
      keys += 1;
    }
    await page.getByText('Saved 3 items').waitFor();
    await context.close();
    return {
      navigationToInteractiveMs: {
        /** A new browser profile (empty cache) each run, against a warmed-up local host. */
        cold: { median: median(cold), p95: p95(cold), runs: cold },
        warm: { median: median(warm), p95: p95(warm), runs: warm },
        budgetMs: BUDGET_INTERACTIVE_MS,
        withinBudget: median(cold) <= BUDGET_INTERACTIVE_MS,
      },
      javascriptTransferredKb: { median: median(jsLoadedKb) },
      captureThreeItems: { keystrokes: keys, keystrokesBeyondTheWords: lines.length, clicks, firstLineFocusedOnOpen: focused, lines },
    };
  } finally {
    await browser.close();
    await host.close();
  }
}

async function main(): Promise<void> {
  const bundle = await bundleFigures();
  const browser = await browserFigures();
  const result = { benchmark: 'taskpane', environment: await environment(), bundle, ...browser };
  console.log('\nTask pane (addin/taskpane.html, browser host on the local host, Debian Chromium)');
  console.log(
    table(
      ['figure', 'value', 'budget', 'within'],
      [
        ['initial JavaScript (gzip)', `${bundle.initial.gzipKb} KB in ${bundle.initial.files} files`, `${BUDGET_INITIAL_KB} KB`, bundle.initial.withinBudget ? 'yes' : 'NO'],
        ['all chunks (gzip, incl. lazy Outlook/Teams/MSAL)', `${bundle.allChunks.gzipKb} KB`, '-', '-'],
        ['navigation → interactive input, cold (median / p95)', `${browser.navigationToInteractiveMs.cold.median} / ${browser.navigationToInteractiveMs.cold.p95} ms`, `${BUDGET_INTERACTIVE_MS} ms`, browser.navigationToInteractiveMs.withinBudget ? 'yes' : 'NO'],
        ['navigation → interactive input, reload (median)', `${browser.navigationToInteractiveMs.warm.median} ms`, '-', '-'],
        ['capture three items: keystrokes / clicks', `${browser.captureThreeItems.keystrokes} / ${browser.captureThreeItems.clicks} (3 beyond the words)`, '-', '-'],
      ],
    ),
  );
  const out = path.join(REPO_ROOT, 'test/bench/results/taskpane.json');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`Saved to ${path.relative(REPO_ROOT, out)}.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
