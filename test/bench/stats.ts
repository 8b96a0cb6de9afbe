/** Small statistics helpers for the benchmark: plain numbers in, plain numbers out. */

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('No values to summarise');
  return [...values].sort((a, b) => a - b);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile: the smallest value with at least `p` % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1] as number;
}

export function spread(values: readonly number[]): Spread {
  const s = sorted(values);
  return { median: median(s), min: s[0] as number, max: s[s.length - 1] as number };
}

/** Percentiles, mean and maximum, rounded to 0.1. */
export function latencySummary(values: readonly number[]): LatencySummary {
  const s = sorted(values);
  const mean = s.reduce((sum, v) => sum + v, 0) / s.length;
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), mean: round(mean), max: round(s[s.length - 1] as number) };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
