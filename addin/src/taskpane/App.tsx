import { Spinner } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { MeReply } from '../../../functions/src/domain/replies';
import { ApiClient } from '../api/client';
import type { AppConfig } from '../config';
import { CaptureScreen } from '../features/capture/CaptureScreen';
import { BrowserHost } from '../host/browser';
import { type HostContext, type MeetingContext, SignInProblem } from '../host/types';
const BrowserHostBar = lazy(() => import('./BrowserHostBar').then((m) => ({ default: m.BrowserHostBar })));
const Problem = lazy(() => import('../ui/Problem').then((m) => ({ default: m.Problem })));

type State =
  | { kind: 'loading' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'failed'; message: string; retryable: boolean }
  | { kind: 'ready'; meeting: MeetingContext; me: MeReply };

/** The task pane: find the meeting and the user, then capture. */
export function App({ host, config }: { host: HostContext; config: AppConfig }) {
  const [api] = useState(() => new ApiClient(config.apiBaseUrl, host.tokens));
  const [state, setState] = useState<State>({ kind: 'loading' });
  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      // The meeting and the user in parallel; a missing meeting is a message, not a failure.
      const me = api.me();
      me.catch(() => undefined);
      const meeting = await host.meeting();
      if ('unavailable' in meeting) return setState({ kind: 'unavailable', message: meeting.unavailable });
      setState({ kind: 'ready', meeting, me: await me });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : 'Something went wrong.', retryable: !(error instanceof SignInProblem && !error.retryable) });
    }
  }, [host, api]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      {host instanceof BrowserHost && (
        <Suspense fallback={<div style={{ minHeight: 72 }} />}>
          <BrowserHostBar host={host} />
        </Suspense>
      )}
      {state.kind === 'loading' && <Spinner style={{ padding: 24 }} label="Loading the meeting…" />}
      {state.kind === 'unavailable' && <p style={{ padding: '12px' }}>{state.message}</p>}
      {state.kind === 'failed' && (
        <div style={{ padding: 12 }}>
          <Suspense fallback={<p role="alert">{state.message}</p>}>
            <Problem title="Followthrough could not start" detail={state.message} onRetry={state.retryable ? () => void load() : undefined} />
          </Suspense>
        </div>
      )}
      {state.kind === 'ready' && <CaptureScreen key={state.meeting.key} api={api} meeting={state.meeting} me={state.me} timeZone={host.timeZone} />}
    </>
  );
}
