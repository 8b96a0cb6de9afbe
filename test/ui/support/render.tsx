// Renders the capture form as the task pane does (Fluent provider, the light theme), against a FakeApi.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CaptureScreen } from '../../../addin/src/features/capture/CaptureScreen';
import type { MeetingContext } from '../../../addin/src/host/types';
import { type FakeApi, FABRIKAM_DEAL, ME, MEETING } from './fake-api';

export const TIME_ZONE = 'America/New_York';

/** Wednesday 25 Nov 2026, 10:00 in New York (EST, UTC-5): right after the meeting. Friday 17:00 there is 22:00 UTC. */
export const NOW = new Date('2026-11-25T15:00:00.000Z');

/** Everything except Date is left real, so Fluent, user-event and waitFor run on real timers. */
const ALL_BUT_DATE = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/** Fixes `new Date()` (the quick-entry dates depend on it) and nothing else. */
export function fixClock(now: Date = NOW): void {
  jest.useFakeTimers({ now, doNotFake: [...ALL_BUT_DATE] });
}

/** Fixes the clock and fakes the timers too (the automatic retries), letting them run on with real time as well. */
export function fakeTimers(now: Date = NOW): void {
  jest.useFakeTimers({ now, advanceTimers: true });
}

export function renderCapture(api: FakeApi, options: { meeting?: MeetingContext; timers?: 'real' | 'fake' } = {}) {
  const meeting = options.meeting ?? MEETING;
  const user = userEvent.setup(options.timers === 'fake' ? { advanceTimers: (ms) => jest.advanceTimersByTime(ms) } : {});
  const client = api.client();
  const ui = (
    <FluentProvider theme={webLightTheme}>
      <CaptureScreen api={client} meeting={meeting} me={ME} timeZone={TIME_ZONE} />
    </FluentProvider>
  );
  const result = render(ui);
  return { user, ...result };
}

/** The text box of the nth action item (1-based). */
export const lineInput = (n: number) => screen.getByRole<HTMLInputElement>('textbox', { name: new RegExp(`^Action item ${n}: what`) });
export const lineInputs = () => screen.queryAllByRole<HTMLInputElement>('textbox', { name: /^Action item \d+: what/ });

/** The group of the nth action item: its text box, chips and messages. */
export const lineGroup = (n: number) => screen.getByRole('group', { name: `Action item ${n}` });

/** Waits until the form knows the people and the suggested deal, and has loaded what was captured already. */
export async function waitUntilReady(): Promise<void> {
  const deal = await screen.findByRole<HTMLInputElement>('combobox', { name: 'Deal' });
  await screen.findByText(/^Suggested: /);
  expect(deal.value).toBe(`${FABRIKAM_DEAL.account} — ${FABRIKAM_DEAL.name}`);
  await screen.findByRole('region', { name: 'Captured in this meeting' });
}

/** The draft kept on this device for this user and meeting, as stored. */
export function storedDraft(meeting: MeetingContext = MEETING): { lines: { text: string }[]; dealId: string | null; idempotencyKey: string | null } | null {
  const raw = localStorage.getItem(`followthrough:draft:v1:${ME.userId}:${meeting.key}`);
  return raw ? JSON.parse(raw) : null;
}

