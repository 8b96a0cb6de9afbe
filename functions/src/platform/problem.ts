import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import { InvalidInput, ProblemError } from '../domain';

export const PROBLEM_TYPE_BASE = 'https://followthrough.dev/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

export function problemResponse(status: number, title: string, detail: string, extra: Partial<Problem> = {}, headers: Record<string, string> = {}): HttpResponseInit {
  const body: Problem = { type: `${PROBLEM_TYPE_BASE}${status}`, title, status, detail, ...extra };
  return {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** Normalizes anything thrown into an Error. */
export function ensureError(error: unknown): Error {
  return error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
}

/** The one place that turns a failure into problem+json. Unexpected errors are logged and answered 500, detail-free. */
export function toProblem(error: unknown, context: InvocationContext): HttpResponseInit {
  if (error instanceof ProblemError) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
    if (error.status === 401) headers['www-authenticate'] = 'Bearer error="invalid_token"';
    const extra = error instanceof InvalidInput ? { errors: error.issues } : {};
    return problemResponse(error.status, error.title, error.message, extra, headers);
  }
  const e = ensureError(error);
  context.error(`Unexpected failure in ${context.functionName}: ${e.stack ?? e.message}`);
  return problemResponse(500, 'Internal error', `Something went wrong on our side. Reference: ${context.invocationId}`);
}
