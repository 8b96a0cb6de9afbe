/**
 * The Teams tab's figures: initial JavaScript (gzip) against 200 KB, time from navigation to a rendered agenda (the
 * manager's review of a rep) in Chromium on the local host, and the Cosmos requests one agenda costs (a small
 * constant per rep, no per-item reads). Run after `npm run build:pages`. Printed and saved, never asserted.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { RequestCounter } from '../../functions/src/store/cosmos';
import { startLocalHost } from '../../functions/local/server';
import { environment, REPO_ROOT } from './environment';
import { table } from './report';

const DIST = path.join(REPO_ROOT, 'addin/dist');
const BUDGET_INITIAL_KB = 200;
const RUNS = 7;
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] as number;

async function initialGzipKb(page: string): Promise<{ files: string[]; gzipKb: number }> {
  const html = await readFile(path.join(DIST, page), 'utf8');
  const files = [...new Set([...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string))];
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(path.join(DIST, file)), { level: 9 }).length;
  return { files, gzipKb: kb(total) };
}

async function main(): Promise<void> {
  const initial = await initialGzipKb('tab.html');
  const counter = new RequestCounter();
  const host = await startLocalHost({ apiPort: 0, webPort: 0, demoData: 'always', counter });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const morgan = host.users.find((u) => u.displayName === 'Morgan Lee');
    const diego = host.users.find((u) => u.displayName === 'Diego Alvarez');
    const team = host.demo.teams.find((t) => t.name === 'East Enterprise');
    const token = await host.tokenFor(morgan?.userId as string);
    const get = (p: string) => fetch(`${host.apiUrl}${p}`, { headers: { authorization: `Bearer ${token}` } });
    await get('/me'); // warm: signing keys, directory cache

    // Cosmos requests for one rep's agenda and for the team's rows.
    const cost = async (p: string) => {
      counter.reset();
      const response = await get(p);
      if (!response.ok) throw new Error(`${p}: ${response.status}`);
      return counter.snapshot();
    };
    const repAgenda = await cost(`/teams/${team?.id}/agenda?repId=${diego?.userId}`);
    const teamAgenda = await cost(`/teams/${team?.id}/agenda`);

    const url = `${host.webUrl}/tab.html?user=${morgan?.userId}`;
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(url);
    await warm.close();
    const teamView: number[] = [];
    const reviewView: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const t0 = Date.now();
      await page.goto(url);
      await page.getByRole('table').waitFor();
      teamView.push(Date.now() - t0);
      const t1 = Date.now();
      await page.getByRole('button', { name: 'Review Diego Alvarez' }).click();
      await page.getByText('Why things slipped').waitFor();
      reviewView.push(Date.now() - t1);
      await context.close();
    }
    const result = {
      benchmark: 'tab',
      environment: await environment(),
      initialJavascript: { ...initial, budgetKb: BUDGET_INITIAL_KB, withinBudget: initial.gzipKb <= BUDGET_INITIAL_KB },
      navigationToTeamAgendaMs: { median: median(teamView), p95: p95(teamView), runs: teamView, note: 'new browser profile each run, warmed-up local host' },
      openRepAgendaMs: { median: median(reviewView), p95: p95(reviewView), runs: reviewView },
      cosmosRequestsPerAgenda: { rep: repAgenda, teamOf3: teamAgenda, note: 'data requests: reads and queries of documents; queryPlans are the SDK’s gateway metadata lookups' },
    };
    console.log('\nTeams tab (addin/tab.html, browser host on the local host, Debian Chromium)');
    console.log(
      table(
        ['figure', 'value', 'budget', 'within'],
        [
          ['initial JavaScript (gzip)', `${initial.gzipKb} KB in ${initial.files.length} files`, `${BUDGET_INITIAL_KB} KB`, result.initialJavascript.withinBudget ? 'yes' : 'NO'],
          ['navigation → team agenda rendered (median / p95)', `${result.navigationToTeamAgendaMs.median} / ${result.navigationToTeamAgendaMs.p95} ms`, '-', '-'],
          ['open a rep → review agenda rendered (median)', `${result.openRepAgendaMs.median} ms`, '-', '-'],
          ['Cosmos data requests: one rep’s agenda', String(repAgenda.data), 'small constant', repAgenda.data <= 6 ? 'yes' : 'NO'],
          ['Cosmos data requests: the team’s rows (3 reps)', String(teamAgenda.data), 'small constant', teamAgenda.data <= 6 ? 'yes' : 'NO'],
        ],
      ),
    );
    const out = path.join(REPO_ROOT, 'test/bench/results/tab.json');
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Saved to ${path.relative(REPO_ROOT, out)}.`);
  } finally {
    await browser.close();
    await host.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
