import { lazy, Suspense } from 'react';
import type { Root } from 'react-dom/client';
import { SignInProblem } from '../host/types';
import { ThemedRoot } from './theme';

const Problem = lazy(() => import('./Problem').then((m) => ({ default: m.Problem })));

/** What the user is told: the error's own message (Office.js, the host, sign-in problems are written for them). */
export function startupMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim() || 'Something went wrong.';
}

/**
 * What a page shows when it cannot start at all (no configuration, Office.js did not load, the host did not answer,
 * signing in failed): what happened, and a "Try again" that starts the page over without a reload — unless a retry
 * cannot help (a SignInProblem that says so).
 */
export function renderStartupFailure(root: Root, error: unknown, retry?: () => void): void {
  const message = startupMessage(error);
  const canRetry = retry && !(error instanceof SignInProblem && !error.retryable);
  root.render(
    <ThemedRoot host={null}>
      <div style={{ padding: 12 }}>
        <Suspense fallback={<p role="alert">Followthrough could not start: {message}</p>}>
          <Problem title="Followthrough could not start" detail={message} onRetry={canRetry ? retry : undefined} />
        </Suspense>
      </div>
    </ThemedRoot>,
  );
}
