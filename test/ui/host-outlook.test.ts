// The Outlook host adapter against Microsoft's office-addin-mock: an appointment in read mode (an attendee) and in
// organizer mode (compose: every field read asynchronously), unsaved, without attendees, a recurring occurrence, a
// message, and old or mobile hosts that lack parts of the API.
import { OfficeMockObject } from 'office-addin-mock';
import { OutlookHost } from '../../addin/src/host/outlook';
import { SignInProblem } from '../../addin/src/host/types';
import type { AppConfig } from '../../addin/src/config';

// office-addin-mock takes only the OfficeApp enum from office-addin-manifest, whose other dependencies are ESM jest
// cannot load: give it the enum alone.
jest.mock('office-addin-manifest', () => ({ OfficeApp: { Excel: 'excel', OneNote: 'onenote', Outlook: 'outlook', PowerPoint: 'powerpoint', Project: 'project', Word: 'word' } }));

/** office-addin-mock's host parameter: without "outlook" every property throws "property was not loaded". */
const OUTLOOK = 'outlook' as ConstructorParameters<typeof OfficeMockObject>[1];

const CONFIG: AppConfig = {
  apiBaseUrl: 'https://followthrough.example/api',
  mode: 'azure',
  clientId: '6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f',
  apiScope: 'api://6f1c6d8e-3b7a-4c55-9d2e-0a1b2c3d4e5f/access_as_user',
};

/** An EWS item id (what `itemId` and `getItemIdAsync` give) and its REST form (`+` → `_`, `/` → `-`). */
const EWS_ID = 'AAMkADk0ZjM3LWFm+NzQtNDc2Mi1i/YjRjLTlkZWQ2NmI3ZjEwNgBGAAAAAADf==';
const REST_ID = 'AAMkADk0ZjM3LWFm_NzQtNDc2Mi1i-YjRjLTlkZWQ2NmI3ZjEwNgBGAAAAAADf==';

const PRIYA = { displayName: 'Priya Shah', emailAddress: 'Priya.Shah@northwind.example', recipientType: 'user' };
const DANA = { displayName: 'Dana Whitfield', emailAddress: 'dana.whitfield@fabrikam.example', recipientType: 'externalUser' };
const KENJI = { displayName: 'Kenji Watanabe', emailAddress: 'kenji.watanabe@fabrikam.example', recipientType: 'externalUser' };
/** A room or a distribution list Outlook could not resolve: no address. */
const ROOM = { displayName: 'Boardroom 4', emailAddress: '', recipientType: 'other' };

const START = new Date('2026-11-25T14:00:00.000Z');
const END = new Date('2026-11-25T14:45:00.000Z');

/** Office.js's enums as the host defines them; the mock carries them like any other property. */
const ENUMS = {
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  MailboxEnums: { ItemType: { Appointment: 'appointment', Message: 'message' }, RestVersion: { v2_0: 'v2.0', Beta: 'beta' } },
  EventType: { OfficeThemeChanged: 'officeThemeChanged' },
};

const succeeded = <T,>(value: T) => ({ status: 'succeeded', value });
const failed = (message: string) => ({ status: 'failed', error: { name: 'ItemNotSaved', message, code: 9041 } });
/** A compose field: `getAsync(callback)` answers on a later turn, as Outlook does. */
const field = <T,>(value: T) => ({ getAsync: (callback: (r: unknown) => void) => setTimeout(() => callback(succeeded(value)), 0) });

const convertToRestId = (id: string) => id.replace(/\+/g, '_').replace(/\//g, '-');

function officeWith(item: object | null, context: object = {}, mailbox: object = {}) {
  const office = new OfficeMockObject(
    {
      ...ENUMS,
      context: {
        mailbox: { ...(item ? { item } : {}), convertToRestId, ...mailbox },
        requirements: { isSetSupported: () => false },
        officeTheme: { bodyBackgroundColor: '#ffffff' },
        ...context,
      },
      auth: { getAccessToken: async () => 'office-sso-token' },
    },
    OUTLOOK,
  );
  (globalThis as { Office?: unknown }).Office = office;
  return office;
}

const readItem = (extra: object = {}) => ({
  itemType: 'appointment',
  itemId: EWS_ID,
  subject: 'Fabrikam — platform discovery call',
  start: START,
  end: END,
  organizer: PRIYA,
  requiredAttendees: [PRIYA, DANA],
  optionalAttendees: [KENJI, ROOM],
  ...extra,
});

const composeItem = (extra: object = {}) => ({
  itemType: 'appointment',
  getItemIdAsync: (callback: (r: unknown) => void) => setTimeout(() => callback(succeeded(EWS_ID)), 0),
  subject: field('Fabrikam — pricing follow-up'),
  start: field(START),
  end: field(END),
  organizer: field(PRIYA),
  requiredAttendees: field([PRIYA, DANA]),
  optionalAttendees: field([]),
  ...extra,
});

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

// These hosts sign in with Office SSO (no NAA bridge in jsdom), which gives no Graph token: the meeting keeps the
// item's REST id as its key, and the host says so on the console (test/ui/meeting-identity.test.ts covers Graph).
beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('the Outlook host, on a meeting', () => {
  it('reads an attendee’s meeting (read mode): REST id as key, everyone with an address once, in lower case', async () => {
    officeWith(readItem());

    expect(await new OutlookHost(CONFIG).meeting()).toEqual({
      key: REST_ID,
      subject: 'Fabrikam — platform discovery call',
      start: '2026-11-25T14:00:00.000Z',
      end: '2026-11-25T14:45:00.000Z',
      organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
      attendees: [
        { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
        { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
        { name: 'Kenji Watanabe', email: 'kenji.watanabe@fabrikam.example' },
      ],
    });
  });

  it('reads the organizer’s meeting (compose), each field asynchronously', async () => {
    officeWith(composeItem());

    expect(await new OutlookHost(CONFIG).meeting()).toEqual({
      key: REST_ID,
      subject: 'Fabrikam — pricing follow-up',
      start: '2026-11-25T14:00:00.000Z',
      end: '2026-11-25T14:45:00.000Z',
      organizer: { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
      attendees: [
        { name: 'Priya Shah', email: 'priya.shah@northwind.example' },
        { name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' },
      ],
    });
  });

  it('asks to save a new meeting first: it has no item id yet', async () => {
    officeWith(composeItem({ getItemIdAsync: (callback: (r: unknown) => void) => setTimeout(() => callback(failed('The item has not been saved.')), 0) }));

    expect(await new OutlookHost(CONFIG).meeting()).toEqual({ unavailable: 'Save the meeting first, then capture its outcomes.' });
  });

  it('asks to save first on a host without getItemIdAsync (before Mailbox 1.8)', async () => {
    officeWith(composeItem({ getItemIdAsync: undefined }));

    expect(await new OutlookHost(CONFIG).meeting()).toEqual({ unavailable: 'Save the meeting first, then capture its outcomes.' });
  });

  it('takes a meeting with nobody invited', async () => {
    officeWith(readItem({ requiredAttendees: [], optionalAttendees: [], organizer: undefined }));

    expect(await new OutlookHost(CONFIG).meeting()).toMatchObject({ key: REST_ID, organizer: null, attendees: [] });
  });

  it('names no organizer in compose where the host cannot say (before Mailbox 1.7), and skips attendees without an address', async () => {
    officeWith(composeItem({ organizer: undefined, requiredAttendees: field([ROOM, DANA]) }));

    expect(await new OutlookHost(CONFIG).meeting()).toMatchObject({ organizer: null, attendees: [{ name: 'Dana Whitfield', email: 'dana.whitfield@fabrikam.example' }] });
  });

  it('keys a recurring meeting by the occurrence, not the series', async () => {
    const OCCURRENCE = 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjBBBBoccurrence+2026/11/25';
    const SERIES = 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjSSSSseries+master';
    officeWith(readItem({ itemId: OCCURRENCE, seriesId: SERIES, recurrence: { recurrenceType: 'weekly', recurrenceProperties: { interval: 1, days: ['wed'] } } }));

    expect(await new OutlookHost(CONFIG).meeting()).toMatchObject({ key: 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjBBBBoccurrence_2026-11-25' });
  });

  it('keys an organizer’s occurrence by the occurrence id getItemIdAsync gives', async () => {
    const OCCURRENCE = 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjBBBBoccurrence+2026/12/02';
    officeWith(composeItem({ getItemIdAsync: (callback: (r: unknown) => void) => callback(succeeded(OCCURRENCE)), seriesId: 'AAMkADseries' }));

    expect(await new OutlookHost(CONFIG).meeting()).toMatchObject({ key: 'AAMkADk0ZjM3LWFmNzQtNDc2Mi1iYjRjBBBBoccurrence_2026-12-02' });
  });

  it('uses the item id as it is where Outlook has no convertToRestId (iOS, Android: ids are REST already)', async () => {
    officeWith(readItem({ itemId: REST_ID }), {}, { convertToRestId: undefined });

    expect(await new OutlookHost(CONFIG).meeting()).toMatchObject({ key: REST_ID });
  });

  it('says to open it on a meeting when the item is a message, or there is none', async () => {
    officeWith({ itemType: 'message', itemId: EWS_ID, subject: 'Re: pricing' });
    expect(await new OutlookHost(CONFIG).meeting()).toEqual({ unavailable: 'Open Followthrough on a calendar meeting.' });

    // A pinned pane with nothing selected: Outlook gives no item.
    officeWith(null);
    expect(await new OutlookHost(CONFIG).meeting()).toEqual({ unavailable: 'Open Followthrough on a calendar meeting.' });
  });

  it('follows Office’s theme from its background colour', () => {
    officeWith(readItem(), { officeTheme: { bodyBackgroundColor: '#1f1f1f' } });

    expect(new OutlookHost(CONFIG).theme()).toBe('dark');
  });
});

describe('the Outlook host, signing in', () => {
  it('uses Office SSO where NestedAppAuth 1.1 is not supported', async () => {
    const office = officeWith(readItem());
    const getAccessToken = jest.fn(async () => 'office-sso-token');
    Object.assign((office as any).auth, { getAccessToken });

    expect(await new OutlookHost(CONFIG).tokens.getToken()).toBe('office-sso-token');
    expect(getAccessToken).toHaveBeenCalledWith({ allowSignInPrompt: true, allowConsentPrompt: true });
  });

  it('uses Office SSO on an old host with no isSetSupported at all', async () => {
    officeWith(readItem(), { requirements: {} });

    expect(await new OutlookHost(CONFIG).tokens.getToken()).toBe('office-sso-token');
  });

  it('tells the user when they cancelled Office’s sign-in (13002), with a retry', async () => {
    const office = officeWith(readItem());
    Object.assign((office as any).auth, { getAccessToken: async () => Promise.reject({ code: 13002, name: 'User canceled', message: 'The user aborted the consent request.' }) });

    const failure = await new OutlookHost(CONFIG).tokens.getToken().catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(SignInProblem);
    expect(failure).toMatchObject({ message: 'Signing in was cancelled. Select Try again to sign in to Followthrough.', code: '13002', retryable: true });
  });

  it('cannot give Graph tokens through Office SSO, and says so', async () => {
    officeWith(readItem());

    await expect(new OutlookHost(CONFIG).tokens.getGraphToken?.(['Calendars.ReadBasic'])).rejects.toMatchObject({ code: 'graph_unavailable', retryable: false });
  });
});
