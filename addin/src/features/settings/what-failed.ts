import { ApiProblem, ApiUnreachable } from '../../api/client';

/**
 * What failed, and why, in words a user can act on; never a bare "Failed to fetch". `stale` and `forbidden` say what a
 * 412 and a 403 mean for this screen.
 */
export function whatFailed(what: string, error: unknown, words: { stale: string; forbidden?: string }): string {
  if (error instanceof ApiProblem) {
    if (error.status === 412) return `${what}: ${words.stale}`;
    if (error.status === 403 && words.forbidden) return `${what}: ${words.forbidden}`;
    const fields = error.problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    return `${what}: ${fields || error.message}.`;
  }
  if (error instanceof ApiUnreachable) return `${what}: Followthrough could not be reached (${error.message}). Your changes are still here; try again.`;
  return `${what}: ${error instanceof Error ? error.message : 'unknown error'}. Your changes are still here; try again.`;
}
