/** @jest-environment jsdom */
import './support/jsdom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, FABRIKAM_DEAL, MEETING, MEETING_KEY, ME } from './support/fake-api';
import { formatDay } from '../../addin/src/ui/format';
import { fixClock, TIME_ZONE, lineGroup, lineInput, lineInputs, renderCapture, storedDraft, waitUntilReady } from './support/render';

// The clock: Wednesday 25 Nov 2026, 10:00 in New York. "by Friday" is Fri 27 Nov, 17:00 New York = 22:00 UTC.
const FRIDAY_5PM = '2026-11-27T22:00:00.000Z';
const TOMORROW_5PM = '2026-11-26T22:00:00.000Z';
const NEXT_MONDAY_5PM = '2026-11-30T22:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let api: FakeApi;

beforeEach(() => {
  fixClock();
  localStorage.clear();
  api = new FakeApi();
});

afterEach(() => {
  jest.useRealTimers();
});

/** Lets any request the form might still send go out (and be recorded). */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));

describe('fast entry', () => {
  it('shows what "Send pricing to Dana by Friday #map" was understood as: owner Me, due Friday, the MAP tag', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map');

    const line = within(lineGroup(1));
    // The chips load lazily; until they arrive, the summary says the same in words.
    expect((await line.findByRole('button', { name: 'Owner: Me. Change owner' })).textContent).toBe('Me');
    expect(line.getByRole('button', { name: 'Due: Fri 27 Nov. Change due date' }).textContent).toBe('Due Fri 27 Nov');
    expect(line.getByRole('button', { name: 'Tags: map-milestone. Change tags' }).textContent).toBe('# map-milestone');
    expect(line.getByLabelText<HTMLInputElement>('Action item 1: due date').value).toBe('2026-11-27');
    // Nothing blocks the line, and the Save button counts it.
    expect(line.queryByRole('status')).toBeNull();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save 1 item' }).disabled).toBe(false);
  });

  it('the chips change what a line means: owner from the menu, a quick due date, tags; the save carries the choices', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Line up a solutions engineer');
    const line = within(lineGroup(1));
    expect(line.getByRole('status').textContent).toBe('Pick a due date');

    await user.click(await line.findByRole('button', { name: 'Owner: Me. Change owner' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Morgan Lee' }));
    await user.click(line.getByRole('button', { name: 'Due: not set. Change due date' }));
    await user.click(await screen.findByRole('menuitem', { name: /^Next week/ }));
    await user.click(line.getByRole('button', { name: 'Tags: none. Change tags' }));
    await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Internal' }));
    await user.keyboard('{Escape}');

    expect(line.getByRole('button', { name: 'Owner: Morgan Lee. Change owner' })).toBeTruthy();
    // A date picked with the controls is shown as the page shows dates (the browser's locale), e.g. "Mon, Nov 30".
    expect(line.getByRole('button', { name: `Due: ${formatDay(NEXT_MONDAY_5PM, TIME_ZONE)}. Change due date` })).toBeTruthy();
    expect(line.getByRole('button', { name: 'Tags: internal. Change tags' })).toBeTruthy();
    expect(line.queryByRole('status')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Save 1 item' }));
    await screen.findByText(/Saved 1 item\b/);
    expect((api.saves()[0]?.body as { items: unknown[] }).items).toStrictEqual([
      { title: 'Line up a solutions engineer', owner: { type: 'user', userId: 'u-morgan' }, dueAt: NEXT_MONDAY_5PM, tags: ['internal'] },
    ]);
  });

  it('Enter adds the next line and moves the focus to it; Backspace on that empty line removes it', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map');
    await user.keyboard('{Enter}');

    expect(lineInputs()).toHaveLength(2);
    await waitFor(() => expect(document.activeElement).toBe(lineInput(2)));
    expect(lineInput(2).value).toBe('');
    // Enter did not change the first line.
    expect(lineInput(1).value).toBe('Send pricing to Dana by Friday #map');

    await user.keyboard('{Backspace}');

    expect(lineInputs()).toHaveLength(1);
    expect(lineInput(1).value).toBe('Send pricing to Dana by Friday #map');
    await waitFor(() => expect(document.activeElement).toBe(lineInput(1)));
  });

  it('Enter on an earlier line moves the focus to the line after it, without adding one', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Enter}Dana to share the usage report tomorrow');
    // Back to the first line to fix it, then on to the next.
    await user.click(lineInput(1));
    await user.keyboard(' and terms{Enter}');

    expect(lineInputs()).toHaveLength(2);
    expect(lineInput(1).value).toBe('Send pricing to Dana by Friday #map and terms');
    await waitFor(() => expect(document.activeElement).toBe(lineInput(2)));
  });

  it('Backspace in a line with text deletes a character, not the line', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Enter}Call Kenji');
    await user.keyboard('{Backspace}');

    expect(lineInputs()).toHaveLength(2);
    expect(lineInput(2).value).toBe('Call Kenj');
  });
});

describe('saving', () => {
  const expectedMeeting = {
    subject: MEETING.subject,
    start: MEETING.start,
    end: MEETING.end,
    organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
    attendees: MEETING.attendees,
  };

  it('Ctrl+Enter sends one POST of all lines with an Idempotency-Key: my item and the buyer’s, on the suggested deal', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Enter}');
    await user.keyboard('Dana to share the usage report tomorrow');
    expect(await within(lineGroup(2)).findByRole('button', { name: 'Owner: Dana Whitfield (buyer). Change owner' })).toBeTruthy();
    await user.keyboard('{Control>}{Enter}{/Control}');

    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    await settle();
    const saves = api.saves();
    expect(saves).toHaveLength(1);
    const [save] = saves;
    expect(save?.url).toBe(`https://followthrough-api.test/api/meetings/${encodeURIComponent(MEETING_KEY)}/outcomes`);
    expect(save?.headers['idempotency-key']).toMatch(UUID);
    expect(save?.headers['content-type']).toBe('application/json');
    expect(save?.headers.authorization).toBe('Bearer test-token-priya');
    expect(save?.body).toStrictEqual({
      meeting: expectedMeeting,
      dealId: FABRIKAM_DEAL.id,
      items: [
        { title: 'Send pricing to Dana', owner: { type: 'user', userId: ME.userId }, dueAt: FRIDAY_5PM, tags: ['map-milestone'] },
        {
          title: 'Share the usage report',
          owner: { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
          dueAt: TOMORROW_5PM,
          tags: [],
        },
      ],
    });
  });

  it('the Save button sends the same single POST', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map');
    await user.click(screen.getByRole('button', { name: 'Save 1 item' }));

    expect(await screen.findByText(/Saved 1 item\b/)).toBeTruthy();
    await settle();
    expect(api.saves()).toHaveLength(1);
    expect(api.saves()[0]?.headers['idempotency-key']).toMatch(UUID);
    expect(api.saves()[0]?.body).toStrictEqual({
      meeting: expectedMeeting,
      dealId: FABRIKAM_DEAL.id,
      items: [{ title: 'Send pricing to Dana', owner: { type: 'user', userId: ME.userId }, dueAt: FRIDAY_5PM, tags: ['map-milestone'] }],
    });
  });

  it('while the save is in flight the button says "Saving…" and a second Ctrl+Enter sends nothing more', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();
    api.hold((r) => r.method === 'POST');

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Control>}{Enter}{/Control}');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Saving…' }).disabled).toBe(true);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await settle();
    // A second request with the same key while the first is in flight is answered 409 by the API (IdempotencyService:
    // "still in progress"); the form must neither send it nor show the save as refused while it is in fact going through.
    expect(screen.queryByRole('alert')).toBeNull();
    expect(api.saves()).toHaveLength(1);
    api.release();

    expect(await screen.findByText(/Saved 1 item\b/)).toBeTruthy();
    await settle();
    expect(api.saves()).toHaveLength(1);
  });

  it('each new save gets its own Idempotency-Key', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Control>}{Enter}{/Control}');
    await screen.findByText(/Saved 1 item\b/);
    await user.type(lineInput(1), 'Book the security review next week{Control>}{Enter}{/Control}');
    await waitFor(() => expect(api.saves()).toHaveLength(2));

    const [first, second] = api.saves();
    expect(second?.headers['idempotency-key']).toMatch(UUID);
    expect(second?.headers['idempotency-key']).not.toBe(first?.headers['idempotency-key']);
    expect((second?.body as { items: unknown[] }).items).toEqual([
      { title: 'Book the security review', owner: { type: 'user', userId: ME.userId }, dueAt: NEXT_MONDAY_5PM, tags: [] },
    ]);
  });

  it('a line without a due date blocks saving with a visible message and sends nothing', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Enter}');
    await user.keyboard('Call Kenji about the pilot scope');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await user.click(screen.getByRole('button', { name: 'Save 2 items' }));

    expect(within(lineGroup(2)).getByRole('status').textContent).toBe('Pick a due date');
    expect(within(lineGroup(1)).queryByRole('status')).toBeNull();
    expect(screen.getByText(/fix the lines marked in red first/)).toBeTruthy();
    await settle();
    expect(api.saves()).toHaveLength(0);
    expect(screen.queryByText(/Saved \d+ item/)).toBeNull();
    // Both lines are still there, and still kept on this device.
    expect(lineInput(1).value).toBe('Send pricing to Dana by Friday #map');
    expect(lineInput(2).value).toBe('Call Kenji about the pilot scope');
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual(['Send pricing to Dana by Friday #map', 'Call Kenji about the pilot scope']);
  });

  it('a blocked save moves the focus to the line to fix', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Call Kenji about the pilot scope{Enter}');
    await user.keyboard('Send pricing to Dana by Friday #map{Control>}{Enter}{/Control}');

    await waitFor(() => expect(document.activeElement).toBe(lineInput(1)));
    expect(within(lineGroup(1)).getByRole('status').textContent).toBe('Pick a due date');
    await settle();
    expect(api.saves()).toHaveLength(0);
  });
});

describe('what was captured', () => {
  it('shows the saved items under "Captured in this meeting"; ticking Done sends PATCH with If-Match and {status: done}', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pricing to Dana by Friday #map{Enter}');
    await user.keyboard('Dana to share the usage report tomorrow{Control>}{Enter}{/Control}');
    await screen.findByText(/Saved 2 items/);

    const captured = within(screen.getByRole('region', { name: 'Captured in this meeting' }));
    expect(captured.getByText('Send pricing to Dana')).toBeTruthy();
    expect(captured.getByText('Share the usage report')).toBeTruthy();
    expect(captured.getByText(/Dana Whitfield \(buyer\)/)).toBeTruthy();
    const saved = [...api.items.values()].find((i) => i.title === 'Send pricing to Dana');
    expect(saved).toBeDefined();

    const done = captured.getByRole<HTMLInputElement>('checkbox', { name: 'Done: Send pricing to Dana' });
    expect(done.checked).toBe(false);
    await user.click(done);

    await waitFor(() => expect(api.sent('PATCH', /^\/action-items\//)).toHaveLength(1));
    const [patch] = api.sent('PATCH', /^\/action-items\//);
    expect(patch?.url).toBe(`https://followthrough-api.test/api/action-items/${saved?.id}`);
    expect(patch?.headers['if-match']).toBe(saved?.etag);
    expect(patch?.body).toStrictEqual({ status: 'done' });
    await waitFor(() => expect(captured.getByRole<HTMLInputElement>('checkbox', { name: 'Done: Send pricing to Dana' }).checked).toBe(true));
    expect(api.items.get(saved?.id as string)?.status).toBe('done');
  });

  it('the deal’s open plan shows the buyer-side item from an earlier meeting', async () => {
    renderCapture(api);
    await waitUntilReady();

    const buyerSide = within(await screen.findByRole('region', { name: 'Buyer side — open on this deal' }));
    expect(await buyerSide.findByText('Confirm the security review date')).toBeTruthy();
    expect(buyerSide.getByText(/Kenji Watanabe \(buyer\)/)).toBeTruthy();
  });
});
