/** @jest-environment jsdom */
import './support/jsdom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { FakeApi, FABRIKAM_DEAL, type Failure, ME, MEETING, MEETING_KEY, type RecordedRequest } from './support/fake-api';
import { fakeTimers, fixClock, lineInput, lineInputs, renderCapture, storedDraft, waitUntilReady } from './support/render';

const FIRST = 'Send pricing to Dana by Friday #map';
const SECOND = 'Dana to share the usage report tomorrow';
const STORAGE_KEY = `followthrough:draft:v1:${ME.userId}:${MEETING_KEY}`;

let api: FakeApi;

beforeEach(() => {
  localStorage.clear();
  api = new FakeApi();
});

afterEach(() => {
  jest.useRealTimers();
});

const isSave = (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith('/outcomes');
const keyOf = (r: RecordedRequest | undefined) => r?.headers['idempotency-key'];
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 50)));
/** Moves the fake clock on, running the timers due, inside act. */
const advance = (ms: number) => act(async () => {
  await jest.advanceTimersByTimeAsync(ms);
});

describe('the draft', () => {
  beforeEach(() => fixClock());

  it('is written to localStorage under followthrough:draft:v1:<userId>:<meetingKey> as you type', async () => {
    const { user } = renderCapture(api);
    await waitUntilReady();

    await user.type(lineInput(1), 'Send pri');
    const partial = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    expect(partial?.lines.map((l: { text: string }) => l.text)).toEqual(['Send pri']);

    await user.keyboard(`cing to Dana by Friday #map{Enter}${SECOND}`);
    const draft = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    expect(draft?.lines.map((l: { text: string }) => l.text)).toEqual([FIRST, SECOND]);
    // Nothing has been sent: a draft is not a save.
    expect(draft?.idempotencyKey).toBeNull();
    expect(api.requests.filter(isSave)).toHaveLength(0);
  });

  it('comes back when the task pane is opened again on the same meeting', async () => {
    const first = renderCapture(api);
    await waitUntilReady();
    await first.user.type(lineInput(1), `${FIRST}{Enter}${SECOND}`);
    first.unmount();

    renderCapture(api);
    await waitUntilReady();

    expect(lineInputs().map((input) => input.value)).toEqual([FIRST, SECOND]);
    expect(await screen.findByRole('button', { name: 'Owner: Dana Whitfield (buyer). Change owner' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save 2 items' })).toBeTruthy();
    // Restoring a draft that was never saved does not save it.
    await settle();
    expect(api.requests.filter(isSave)).toHaveLength(0);
    expect(screen.queryByText('Not saved yet')).toBeNull();
  });

  it('belongs to its meeting: another meeting opens empty', async () => {
    const first = renderCapture(api);
    await waitUntilReady();
    await first.user.type(lineInput(1), FIRST);
    first.unmount();

    const other = { ...MEETING, key: 'AAMkADk0ZjM3-another-meeting', subject: 'Fabrikam — pricing follow-up' };
    renderCapture(api, { meeting: other });
    await waitUntilReady();

    expect(lineInputs().map((input) => input.value)).toEqual(['']);
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual([FIRST]);
  });
});

describe('while the API cannot be reached', () => {
  async function saveWhileDown(failure: Failure, timers: 'real' | 'fake' = 'real') {
    const { user, unmount } = renderCapture(api, { timers });
    await waitUntilReady();
    api.failWith(failure);
    await user.type(lineInput(1), `${FIRST}{Enter}${SECOND}{Control>}{Enter}{/Control}`);
    expect(await screen.findByText('Not saved yet')).toBeTruthy();
    return { user, unmount };
  }

  it('shows "Not saved yet", keeps the draft, and "Try now" sends the same Idempotency-Key; after the 201 the draft is cleared', async () => {
    fixClock();
    const { user } = await saveWhileDown({ kind: 'network' });

    const status = screen.getByText('Not saved yet').closest('[role="status"]') as HTMLElement;
    expect(status.textContent).toMatch(/cannot be reached/);
    const [failed] = api.requests.filter(isSave);
    expect(keyOf(failed)).toMatch(/^[0-9a-f-]{36}$/);
    // Nothing typed is lost: on screen and on this device, with the key the retries will use.
    expect(lineInputs().map((input) => input.value)).toEqual([FIRST, SECOND]);
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual([FIRST, SECOND]);
    expect(storedDraft()?.idempotencyKey).toBe(keyOf(failed));

    api.recover();
    const before = api.requests.filter(isSave).length;
    await user.click(within(status).getByRole('button', { name: 'Try now' }));

    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    const saves = api.requests.filter(isSave);
    // "Try now" sent it at once (the automatic retry is 2 s after the failure, so it may or may not have run before).
    expect(saves).toHaveLength(before + 1);
    for (const save of saves) {
      expect(keyOf(save)).toBe(keyOf(failed));
      expect(save.body).toStrictEqual(failed?.body);
    }
    expect(api.captures.size).toBe(1);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    expect(lineInputs().map((input) => input.value)).toEqual(['']);
    expect(screen.queryByText('Not saved yet')).toBeNull();
  });

  it('a line typed while the save waits for the API is still there once the save goes through', async () => {
    fixClock();
    const { user } = await saveWhileDown({ kind: 'network' });
    const [failed] = api.requests.filter(isSave);

    // Focus is still on the second line: the rep carries on.
    await user.keyboard('{Enter}Book the security review next week');
    expect(lineInputs().map((input) => input.value)).toEqual([FIRST, SECOND, 'Book the security review next week']);

    api.recover();
    await user.click(screen.getByRole('button', { name: 'Try now' }));

    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    // Every attempt (automatic ones included) is the same request: the API would refuse the key with another body.
    for (const save of api.requests.filter(isSave)) {
      expect(keyOf(save)).toBe(keyOf(failed));
      expect(save.body).toStrictEqual(failed?.body);
    }
    // Nothing typed is lost: the saved lines leave the form, the line typed since stays, on screen and on this device.
    expect(lineInputs().map((input) => input.value)).toEqual(['Book the security review next week']);
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual(['Book the security review next week']);
  });

  it('retries on its own with the same Idempotency-Key while the API answers 503, and saves once it is back', async () => {
    fakeTimers();
    await saveWhileDown({ kind: 'unavailable', status: 503 }, 'fake');
    const key = keyOf(api.requests.filter(isSave)[0]);
    expect(api.requests.filter(isSave)).toHaveLength(1);

    // The first retry is 2 s after the failure, the next 5 s after that.
    await advance(1500);
    expect(api.requests.filter(isSave)).toHaveLength(1);
    await advance(1000);
    expect(api.requests.filter(isSave)).toHaveLength(2);
    expect(screen.getByText('Not saved yet')).toBeTruthy();
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual([FIRST, SECOND]);

    api.recover();
    await advance(5000);

    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    const saves = api.requests.filter(isSave);
    expect(saves).toHaveLength(3);
    expect(saves.map(keyOf)).toEqual([key, key, key]);
    expect(api.captures.size).toBe(1);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    // Saved: no more retries.
    await advance(60_000);
    expect(api.requests.filter(isSave)).toHaveLength(3);
  });

  it('a save whose answer was lost is retried with the same key, so the API stores the items once', async () => {
    fixClock();
    const { user } = await saveWhileDown({ kind: 'reply-lost' });
    // The API has the items, the form does not know it.
    expect(api.items.size).toBe(3);

    api.recover();
    await user.click(screen.getByRole('button', { name: 'Try now' }));

    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    const saves = api.requests.filter(isSave);
    expect(saves.length).toBeGreaterThanOrEqual(2);
    expect(new Set(saves.map(keyOf)).size).toBe(1);
    expect(api.captures.size).toBe(1);
    // The earlier buyer item plus the two captured once, not four.
    expect(api.items.size).toBe(3);
    const captured = within(screen.getByRole('region', { name: 'Captured in this meeting' }));
    expect(captured.getAllByRole('checkbox').map((c) => c.getAttribute('aria-label'))).toEqual(['Done: Send pricing to Dana', 'Done: Share the usage report']);
  });

  it('a reload while the save is pending shows the draft and sends it again with the same Idempotency-Key', async () => {
    fixClock();
    const { unmount } = await saveWhileDown({ kind: 'network' });
    const key = keyOf(api.requests.filter(isSave)[0]);
    unmount();

    api.recover();
    renderCapture(api);

    expect(lineInputs().map((input) => input.value)).toEqual([FIRST, SECOND]);
    expect(await screen.findByText(/Saved 2 items/)).toBeTruthy();
    const saves = api.requests.filter(isSave);
    expect(saves).toHaveLength(2);
    expect(keyOf(saves[1])).toBe(key);
    expect(saves[1]?.body).toStrictEqual(saves[0]?.body);
    expect((saves[1]?.body as { dealId?: string }).dealId).toBe(FABRIKAM_DEAL.id);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('an expired sign-in keeps the draft and says so', async () => {
    fixClock();
    await saveWhileDown({ kind: 'refused', status: 401, title: 'Unauthorized', detail: 'The token has expired.' });

    expect(screen.getByText(/Your sign-in expired/)).toBeTruthy();
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual([FIRST, SECOND]);
    // The client asked for a fresh token once (two requests for the one save), then gave up until later.
    expect(api.requests.filter(isSave)).toHaveLength(2);
    expect(new Set(api.requests.filter(isSave).map(keyOf)).size).toBe(1);
  });
});

describe('a refused save', () => {
  it('shows the API’s message and field errors, keeps the draft, does not retry, and the next save uses a new key', async () => {
    fakeTimers();
    const { user } = renderCapture(api, { timers: 'fake' });
    await waitUntilReady();
    api.failWith({ kind: 'refused', status: 400, title: 'Invalid input', detail: 'dealId: No such deal', errors: [{ path: 'dealId', message: 'No such deal' }] }, isSave);

    await user.type(lineInput(1), `${FIRST}{Control>}{Enter}{/Control}`);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not saved');
    expect(alert.textContent).toContain('dealId: No such deal');
    expect(screen.queryByText('Not saved yet')).toBeNull();
    expect(screen.queryByText(/Saved \d+ item/)).toBeNull();
    expect(lineInput(1).value).toBe(FIRST);
    expect(storedDraft()?.lines.map((l) => l.text)).toEqual([FIRST]);
    const refusedKey = keyOf(api.requests.filter(isSave)[0]);

    // A refusal is not retried: sending the same thing again would be refused again.
    await advance(60_000);
    expect(api.requests.filter(isSave)).toHaveLength(1);

    api.recover();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByText(/Saved 1 item\b/)).toBeTruthy();
    const saves = api.requests.filter(isSave);
    expect(saves).toHaveLength(2);
    expect(keyOf(saves[1])).toMatch(/^[0-9a-f-]{36}$/);
    expect(keyOf(saves[1])).not.toBe(refusedKey);
    await waitFor(() => expect(localStorage.getItem(STORAGE_KEY)).toBeNull());
  });
});
