import type { CostResult } from './cosmos-cost';
import type { LoadResult } from './load';
import type { Spread } from './stats';

/** A plain-text table: the first `textColumns` columns left-aligned, the others (figures) right-aligned. */
export function table(headers: string[], rows: string[][], textColumns = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function range(s: Spread | null): string {
  if (!s) return '-';
  return s.min === s.max ? String(s.median) : `${s.median} (${s.min}–${s.max})`;
}

export function costTable(results: CostResult[]): string {
  return table(
    ['operation', 'request', 'data', 'budget', 'within', 'queryPlans', 'metadata', 'bad replies'],
    results.map((r) => [
      r.operation,
      r.request,
      range(r.data),
      r.budget === null ? '-' : `≤ ${r.budget}`,
      r.withinBudget === null ? '-' : r.withinBudget ? 'yes' : 'NO',
      range(r.queryPlans),
      range(r.metadata),
      String(r.unexpectedReplies.length),
    ]),
    2,
  );
}

export function loadTable(results: LoadResult[]): string {
  return table(
    ['operation', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'cosmos data/req', 'stopped by'],
    results.map((r) => [
      r.operation,
      String(r.requests),
      String(r.errors),
      r.requestsPerSecond.toFixed(1),
      r.latencyMs?.p50.toFixed(1) ?? '-',
      r.latencyMs?.p95.toFixed(1) ?? '-',
      r.latencyMs?.p99.toFixed(1) ?? '-',
      r.latencyMs?.max.toFixed(1) ?? '-',
      r.cosmosPerRequest.data.toFixed(2),
      r.stoppedBy,
    ]),
  );
}
