import type { RequestCounter } from '../../functions/src/store/cosmos';
import { type LatencySummary, latencySummary, round } from './stats';

export interface LoadLimits {
  /** Concurrent clients; each sends its requests one after another. */
  clients: number;
  /** Requests per operation across all clients, whichever of this and `maxMs` comes first. */
  maxRequests: number;
  maxMs: number;
}

export interface LoadResult {
  operation: string;
  request: string;
  clients: number;
  /** Requests completed (with any status) or failed on the network. */
  requests: number;
  ok: number;
  /** Every non-2xx reply and every network failure. */
  errors: number;
  /** Errors by HTTP status, or `network: <message>`. */
  errorsBy: Record<string, number>;
  stoppedBy: 'request cap' | 'time cap';
  durationMs: number;
  requestsPerSecond: number;
  /** Over every request, errors included (a fast error is still a reply the client waited for). */
  latencyMs: LatencySummary | null;
  /** Cosmos requests sent by the API during the run, per request. */
  cosmosPerRequest: { data: number; queryPlans: number };
}

/**
 * Runs `limits.clients` clients that each loop `send(client, seq)` until the shared request cap or the time cap is
 * reached, timing every request from sending to the last byte of the reply.
 */
export async function runLoad(
  operation: string,
  request: string,
  limits: LoadLimits,
  counter: RequestCounter,
  send: (client: number, seq: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorsBy: Record<string, number> = {};
  let issued = 0;
  let ok = 0;
  let timedOut = false;
  counter.reset();
  const started = performance.now();
  const deadline = started + limits.maxMs;

  const client = async (index: number): Promise<void> => {
    for (let seq = 0; ; seq++) {
      if (issued >= limits.maxRequests) return;
      if (performance.now() >= deadline) {
        timedOut = true;
        return;
      }
      issued++;
      const t0 = performance.now();
      let outcome: string;
      try {
        const status = await send(index, seq);
        outcome = status >= 200 && status < 300 ? 'ok' : String(status);
      } catch (error) {
        outcome = `network: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
      }
      latencies.push(performance.now() - t0);
      if (outcome === 'ok') ok++;
      else errorsBy[outcome] = (errorsBy[outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: limits.clients }, (_, i) => client(i)));
  const durationMs = performance.now() - started;
  const cosmos = counter.snapshot();
  const requests = latencies.length;
  return {
    operation,
    request,
    clients: limits.clients,
    requests,
    ok,
    errors: requests - ok,
    errorsBy,
    stoppedBy: timedOut && issued < limits.maxRequests ? 'time cap' : 'request cap',
    durationMs: Math.round(durationMs),
    requestsPerSecond: round(requests / (durationMs / 1000)),
    latencyMs: requests > 0 ? latencySummary(latencies) : null,
    cosmosPerRequest: {
      data: requests > 0 ? round(cosmos.data / requests, 2) : 0,
      queryPlans: requests > 0 ? round(cosmos.queryPlans / requests, 2) : 0,
    },
  };
}
