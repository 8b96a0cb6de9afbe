// A stand-in for Office.js in Outlook, served at Office.js's own address
// (https://appsforoffice.microsoft.com/lib/1/hosted/office.js) by the e2e tests' HTTPS stand-in server, bundled for
// the browser by esbuild. It implements the part of the Office.js surface the Outlook host adapter uses, typed
// against @types/office-js, and plays the appointment and host the test's scenario describes.
import { currentScenario, type OfficeAttendee, type OfficeItem, type OfficeScenario, recordCall, tokenFrom } from './scenario';

// Office.js's enums are plain strings at run time; @types/office-js declares them as enums.
const Succeeded = 'succeeded' as unknown as Office.AsyncResultStatus.Succeeded;
const Failed = 'failed' as unknown as Office.AsyncResultStatus.Failed;

function result<T>(value: T): Office.AsyncResult<T> {
  return { status: Succeeded, value, asyncContext: undefined, error: undefined as unknown as Office.Error, diagnostics: undefined };
}

function failure<T>(name: string, message: string, code: number): Office.AsyncResult<T> {
  return { status: Failed, value: undefined as T, asyncContext: undefined, error: { name, message, code }, diagnostics: undefined };
}

/** Outlook answers every async call on a later turn. */
const later = (run: () => void) => setTimeout(run, 0);

const details = (p: OfficeAttendee): Office.EmailAddressDetails => ({ ...p, appointmentResponse: 'none' as Office.MailboxEnums.ResponseType, recipientType: 'user' as Office.MailboxEnums.RecipientType });

/** A compose-mode field: `getAsync(callback)`. */
function field<T>(value: T) {
  return {
    getAsync(optionsOrCallback: unknown, maybeCallback?: (r: Office.AsyncResult<T>) => void) {
      const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as (r: Office.AsyncResult<T>) => void;
      later(() => callback(result(value)));
    },
  };
}

function appointment(item: OfficeItem): Partial<Office.AppointmentRead> | Partial<Office.AppointmentCompose> | Partial<Office.MessageRead> {
  if (item.mode === 'message') {
    return { itemType: 'message' as Office.MailboxEnums.ItemType.Message, itemId: item.itemId ?? '', subject: item.subject } satisfies Partial<Office.MessageRead>;
  }
  if (item.mode === 'read') {
    return {
      itemType: 'appointment' as Office.MailboxEnums.ItemType.Appointment,
      itemId: item.itemId ?? '',
      subject: item.subject,
      start: new Date(item.start),
      end: new Date(item.end),
      organizer: item.organizer ? details(item.organizer) : (undefined as unknown as Office.EmailAddressDetails),
      requiredAttendees: item.requiredAttendees.map(details),
      optionalAttendees: item.optionalAttendees.map(details),
    } satisfies Partial<Office.AppointmentRead>;
  }
  return {
    itemType: 'appointment' as Office.MailboxEnums.ItemType.Appointment,
    getItemIdAsync(optionsOrCallback: unknown, maybeCallback?: (r: Office.AsyncResult<string>) => void) {
      const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as (r: Office.AsyncResult<string>) => void;
      later(() => callback(item.itemId ? result(item.itemId) : failure('ItemNotSaved', 'The item has not been saved.', 9041)));
    },
    subject: field(item.subject) as unknown as Office.Subject,
    start: field(new Date(item.start)) as unknown as Office.Time,
    end: field(new Date(item.end)) as unknown as Office.Time,
    organizer: field(item.organizer ? details(item.organizer) : null) as unknown as Office.Organizer,
    requiredAttendees: field(item.requiredAttendees.map(details)) as unknown as Office.Recipients,
    optionalAttendees: field(item.optionalAttendees.map(details)) as unknown as Office.Recipients,
  } as Partial<Office.AppointmentCompose>;
}

/** Versions as Office compares them: "1.13" ≥ "1.8". */
function atLeast(have: string | undefined, want: string): boolean {
  if (!have) return false;
  const [a, b] = [have, want].map((v) => v.split('.').map(Number)) as [number[], number[]];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function install(scenario: OfficeScenario): void {
  const themeHandlers: (() => void)[] = [];
  const mailbox: Partial<Office.Mailbox> = {
    item: appointment(scenario.item) as Office.Mailbox['item'],
    convertToRestId(itemId: string) {
      recordCall('convertToRestId');
      return itemId.replace(/\//g, '-').replace(/\+/g, '_');
    },
    addHandlerAsync(_type: unknown, handler: unknown) {
      themeHandlers.push(handler as () => void);
    },
    removeHandlerAsync() {
      themeHandlers.length = 0;
    },
  };
  const office = {
    AsyncResultStatus: { Succeeded, Failed },
    HostType: { Outlook: 'Outlook' },
    PlatformType: { OfficeOnline: 'OfficeOnline' },
    EventType: { OfficeThemeChanged: 'officeThemeChanged', ItemChanged: 'olkItemSelectedChanged' },
    MailboxEnums: { ItemType: { Appointment: 'appointment', Message: 'message' }, RestVersion: { v1_0: 'v1.0', v2_0: 'v2.0', Beta: 'beta' } },
    context: {
      mailbox,
      officeTheme: { bodyBackgroundColor: scenario.bodyBackgroundColor, bodyForegroundColor: '#000000', controlBackgroundColor: scenario.bodyBackgroundColor, controlForegroundColor: '#000000' },
      requirements: {
        isSetSupported(name: string, version?: string) {
          recordCall(`isSetSupported:${name}`);
          return atLeast(scenario.requirementSets[name], version ?? '1.1');
        },
      },
      diagnostics: { hostName: 'OutlookWebApp', hostVersion: '20261201', OWAView: 'OneColumn' },
    },
    auth: {
      async getAccessToken(options?: Office.AuthOptions) {
        recordCall(`auth.getAccessToken:${JSON.stringify(options ?? {})}`);
        if (scenario.sso.kind === 'error') throw { code: scenario.sso.code, name: 'Office SSO', message: `stand-in Office SSO error ${scenario.sso.code}` };
        return tokenFrom(scenario.sso);
      },
    } satisfies Partial<typeof Office.auth>,
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      recordCall('onReady');
      if (scenario.onReady === 'never') return new Promise(() => undefined);
      const info = { host: 'Outlook', platform: 'OfficeOnline' };
      return new Promise((resolve) => later(() => {
        callback?.(info);
        resolve(info);
      }));
    },
  };
  (window as unknown as { Office: unknown }).Office = office;
}

const scenario = currentScenario().office;
if (scenario) install(scenario);
