/** @jest-environment jsdom */
import './support/jsdom';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActionItemReply, AuditEntryReply, AuditPageReply } from '../../functions/src/domain/replies';
import { PlanList } from '../../addin/src/features/capture/PlanList';
import { fixClock } from './support/render';

// The clock: Tuesday 24 Nov 2026, 15:00 in London (UTC). Dates read as the machine's locale (en-US here) writes them.
const TIME_ZONE = 'Europe/London';
const PRIYA = '184e99c4-9b8a-41fb-a98b-a518df8abbe6';
const SAM = '2c4f0b1e-5a7d-4e22-9f31-8b6d0c7e4a19';

const item: ActionItemReply = {
  id: '0d5f3a2e-1b4c-4d6e-8f90-a1b2c3d4e5f6',
  title: 'Send pricing to Dana',
  notes: null,
  owner: { type: 'user', userId: PRIYA },
  accountableId: PRIYA,
  dueAt: '2026-12-04T17:00:00.000Z',
  status: 'open',
  tags: [],
  dealId: null,
  meetingKey: null,
  source: 'manual',
  reviewId: null,
  createdBy: PRIYA,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-24T14:02:00.000Z',
  completedAt: null,
  slips: [],
  nextNudgeAt: '2026-12-04T17:00:00.000Z',
  flaggedForReviewAt: null,
  etag: '"1"',
  overdue: false,
  daysOverdue: 0,
};

const entry = (overrides: Partial<AuditEntryReply>): AuditEntryReply => ({
  id: 'e0000000-0000-4000-8000-000000000001',
  entity: { kind: 'actionItem', id: item.id },
  at: '2026-11-24T14:02:00.000Z',
  by: { kind: 'user', userId: PRIYA, displayName: 'Priya Shah' },
  via: 'api',
  action: 'update',
  changes: [],
  ...overrides,
});

const PAGE_ONE: AuditPageReply = {
  items: [
    entry({
      id: 'e0000000-0000-4000-8000-000000000001',
      at: '2026-11-20T09:00:00.000Z',
      action: 'create',
      changes: [
        { field: 'title', before: null, after: 'Send pricing to Dana' },
        { field: 'dueAt', before: null, after: '2026-11-30T17:00:00.000Z' },
        { field: 'source', before: null, after: 'manual' },
      ],
    }),
    entry({
      id: 'e0000000-0000-4000-8000-000000000002',
      changes: [
        { field: 'dueAt', before: '2026-11-30T17:00:00.000Z', after: '2026-12-04T17:00:00.000Z' },
        { field: 'slip', before: null, after: { reason: 'buyer', note: null } },
      ],
    }),
  ],
  nextCursor: 'page-2',
  people: { [PRIYA]: 'Priya Shah' },
};

const PAGE_TWO: AuditPageReply = {
  items: [
    entry({
      id: 'e0000000-0000-4000-8000-000000000003',
      at: '2026-11-24T14:30:00.000Z',
      action: 'reassign',
      changes: [
        { field: 'owner', before: { type: 'user', userId: PRIYA }, after: { type: 'user', userId: SAM } },
        { field: 'accountableId', before: PRIYA, after: SAM },
      ],
    }),
    entry({
      id: 'e0000000-0000-4000-8000-000000000004',
      at: '2026-11-24T15:00:00.000Z',
      by: { kind: 'system', name: 'overdue-sweep' },
      via: 'timer',
      changes: [{ field: 'nudge', before: null, after: { step: 0, action: 'remind-owner', outcome: 'taken' } }],
    }),
    entry({
      id: 'e0000000-0000-4000-8000-000000000005',
      at: '2026-11-24T15:10:00.000Z',
      via: 'card',
      changes: [{ field: 'snooze', before: null, after: { until: 'monday', restartsAt: '2026-11-30T13:00:00.000Z' } }],
    }),
  ],
  nextCursor: null,
  people: { [PRIYA]: 'Priya Shah', [SAM]: 'Sam Carter' },
};

function renderList(loadHistory: (itemId: string, cursor?: string) => Promise<AuditPageReply>) {
  const user = userEvent.setup();
  render(
    <FluentProvider theme={webLightTheme}>
      <PlanList title="Coming up" items={[item]} names={new Map()} timeZone={TIME_ZONE} dueHourFor={(d) => d} emptyText="" onUpdate={async () => undefined} loadHistory={loadHistory} />
    </FluentProvider>,
  );
  return user;
}

const lines = (dialog: HTMLElement) => within(dialog).getAllByRole('listitem').map((li) => (li.textContent ?? '').replace(/\s+/g, ' ').trim());

beforeEach(() => fixClock(new Date('2026-11-24T15:00:00.000Z')));
afterEach(() => jest.useRealTimers());

describe("an item's History", () => {
  it('opens from the keyboard, says who changed what and why, through what and when, and loads later changes on request', async () => {
    const asked: (string | undefined)[] = [];
    const user = renderList(async (itemId, cursor) => {
      expect(itemId).toBe(item.id);
      asked.push(cursor);
      return cursor ? PAGE_TWO : PAGE_ONE;
    });
    screen.getByRole('button', { name: 'History of Send pricing to Dana' }).focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'History of “Send pricing to Dana”' });
    await within(dialog).findByRole('list', { name: 'Changes, oldest first' });
    expect(lines(dialog)).toEqual([
      'Priya Shah created it, due Mon, Nov 30 · via API · Fri, Nov 20, 09:00',
      'Priya Shah changed due date from Mon, Nov 30 to Fri, Dec 4 (reason: waiting on the buyer) · via API · 14:02',
    ]);

    await user.click(within(dialog).getByRole('button', { name: 'Show later changes' }));
    await waitFor(() => expect(lines(dialog)).toHaveLength(5));
    expect(lines(dialog).slice(2)).toEqual([
      'Priya Shah changed owner from Priya Shah to Sam Carter · via API · 14:30',
      'overdue-sweep reminded the owner · via timer · 15:00',
      'Priya Shah snoozed the next reminder until Mon, Nov 30 · via Teams card · 15:10',
    ]);
    expect(within(dialog).queryByRole('button', { name: 'Show later changes' })).toBeNull();
    expect(asked).toEqual([undefined, 'page-2']);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows that nothing was recorded yet, and a failure with Try again', async () => {
    let fail = true;
    const user = renderList(async () => {
      if (fail) throw new Error('The API could not be reached.');
      return { items: [], nextCursor: null, people: {} };
    });
    await user.click(screen.getByRole('button', { name: 'History of Send pricing to Dana' }));
    const dialog = await screen.findByRole('dialog');
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Could not load the historyThe API could not be reached.');
    fail = false;
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(await within(dialog).findByText('No changes recorded yet.')).toBeTruthy();
    expect(within(dialog).queryByRole('alert')).toBeNull();
  });
});
