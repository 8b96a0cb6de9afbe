import type { RequestCounter } from '../../functions/src/store/cosmos';
import type { ApiReply } from './client';
import { type Spread, spread } from './stats';

/** One API operation whose Cosmos requests are counted, one call at a time. */
export interface CostedOperation {
  operation: string;
  /** Method and path, for the report. */
  request: string;
  /** Most data requests allowed (issue 2); null when the operation has no budget and is reported for information. */
  budget: number | null;
  expectedStatus: number;
  /** Runs once before counting starts, e.g. to send the first request that later ones replay. */
  prepare?(): Promise<void>;
  /** Sends repetition `rep` and resolves once the reply has been read in full. */
  send(rep: number): Promise<ApiReply>;
}

export interface CostResult {
  operation: string;
  request: string;
  repetitions: number;
  budget: number | null;
  /** Document reads, writes, queries and batches: what the budget applies to. */
  data: Spread | null;
  /** The SDK's query-plan lookups (gateway metadata, no RU charge). */
  queryPlans: Spread | null;
  /** Database, container and account metadata. */
  metadata: Spread | null;
  /** Data requests of each repetition with the expected reply, in order. */
  dataSamples: number[];
  /** Median data requests within the budget; null without a budget or without a single expected reply. */
  withinBudget: boolean | null;
  /** Repetitions that did not get the expected status: left out of the figures above. */
  unexpectedReplies: { repetition: number; status: number; body: unknown }[];
}

/**
 * Sends the operation `repetitions` times, one after another, and counts the Cosmos requests each call made. Nothing
 * else runs meanwhile, so every request the counter sees between reset and snapshot belongs to that call.
 */
export async function measureCost(counter: RequestCounter, op: CostedOperation, repetitions: number): Promise<CostResult> {
  const samples: { data: number; queryPlans: number; metadata: number }[] = [];
  const unexpectedReplies: CostResult['unexpectedReplies'] = [];
  await op.prepare?.();
  for (let rep = 0; rep < repetitions; rep++) {
    counter.reset();
    const reply = await op.send(rep);
    const counted = counter.snapshot();
    if (reply.status === op.expectedStatus) samples.push(counted);
    else unexpectedReplies.push({ repetition: rep, status: reply.status, body: reply.body });
  }
  const of = (pick: (s: (typeof samples)[number]) => number): Spread | null => (samples.length > 0 ? spread(samples.map(pick)) : null);
  const data = of((s) => s.data);
  return {
    operation: op.operation,
    request: op.request,
    repetitions,
    budget: op.budget,
    data,
    queryPlans: of((s) => s.queryPlans),
    metadata: of((s) => s.metadata),
    dataSamples: samples.map((s) => s.data),
    withinBudget: op.budget === null || data === null ? null : data.median <= op.budget,
    unexpectedReplies,
  };
}
