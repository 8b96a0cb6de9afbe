import { officeSso } from '../auth/host-sso';
import { createNaaTokenProvider } from '../auth/naa';
import type { AppConfig } from '../config';
import { CHAT_SCOPES, EVENT_SCOPES, keyByEvent, MeetingIdentity } from './meeting-identity';
import { themeFromBackground } from './theme-from-colors';
import type { Attendee, HostContext, MeetingContext, ThemeName, TokenProvider } from './types';

export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** How long Office gets to say it is ready before the pane says it cannot start. */
export const OFFICE_READY_TIMEOUT_MS = 10_000;

/**
 * Loads Office.js from Microsoft's CDN (add-ins must) and waits for Office to be ready. A failed load leaves no script
 * behind, so calling this again (the pane's "Try again") loads it afresh.
 */
export async function loadOffice(timeoutMs = OFFICE_READY_TIMEOUT_MS): Promise<void> {
  if (typeof Office === 'undefined') {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = OFFICE_JS;
      script.onload = () => resolve();
      script.onerror = () => {
        script.remove();
        reject(new Error('Office.js could not be loaded. Check your connection, then select Try again.'));
      };
      document.head.appendChild(script);
    });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      Office.onReady(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('Outlook did not answer in time. Select Try again, or close and reopen Followthrough.')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function call<T>(fn: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve(result.value) : reject(new Error(result.error?.message ?? 'Outlook refused.')))),
  );
}

const person = (p: Office.EmailAddressDetails | null | undefined): Attendee | null => {
  const email = (p?.emailAddress ?? '').trim().toLowerCase();
  return email ? { name: (p?.displayName ?? '').trim(), email } : null;
};

/** Everyone with an email address, once each (Outlook lists the organizer among the required attendees too). */
function people(...lists: (Office.EmailAddressDetails[] | null | undefined)[]): Attendee[] {
  const seen = new Map<string, Attendee>();
  for (const p of lists.flatMap((list) => list ?? [])) {
    const attendee = person(p);
    if (attendee && !seen.has(attendee.email)) seen.set(attendee.email, attendee);
  }
  return [...seen.values()];
}

/** Whether the host supports a requirement set; old hosts have no `isSetSupported` at all. */
function supports(name: string, version: string): boolean {
  try {
    return Office.context.requirements?.isSetSupported?.(name, version) === true;
  } catch {
    return false;
  }
}

/**
 * The item's REST id (what Microsoft Graph names it by), the same on every open and every client of this mailbox.
 * Outlook on iOS and Android has no `convertToRestId` — their item ids are already in REST format.
 */
function restId(itemId: string): string {
  const mailbox = Office.context.mailbox as Office.Mailbox & { convertToRestId?: Office.Mailbox['convertToRestId'] };
  if (typeof mailbox.convertToRestId !== 'function') return itemId;
  try {
    return mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0) || itemId;
  } catch {
    return itemId;
  }
}

/**
 * The task pane in Outlook, on a calendar appointment: read mode (an attendee) and organizer mode (the organizer,
 * where each field is read asynchronously). The meeting key is the calendar event's iCalUId, which the organizer's
 * and every attendee's copy share (the item's REST id differs in each mailbox): Graph maps the item to it
 * (meeting-identity.ts). For a recurring meeting that is the occurrence's: each occurrence is its own meeting.
 */
export class OutlookHost implements HostContext {
  readonly kind = 'outlook' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens: TokenProvider;
  private readonly identity: MeetingIdentity;

  constructor(config: AppConfig) {
    this.tokens = createNaaTokenProvider({
      clientId: config.clientId ?? '',
      scope: config.apiScope ?? '',
      authority: config.authority,
      supported: supports('NestedAppAuth', '1.1'),
      hostSso: officeSso(Office.auth),
      graphScopes: [...EVENT_SCOPES, ...CHAT_SCOPES],
    });
    this.identity = new MeetingIdentity({ tokens: this.tokens, graphBaseUrl: config.graphBaseUrl, storage: localStorageOrNull() });
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    const item = Office.context.mailbox?.item;
    if (!item || item.itemType !== Office.MailboxEnums.ItemType.Appointment) return { unavailable: 'Open Followthrough on a calendar meeting.' };
    const found = typeof (item as Office.AppointmentRead).subject === 'string' ? this.readMode(item as Office.AppointmentRead) : await this.organizerMode(item as Office.AppointmentCompose);
    return 'unavailable' in found ? found : keyByEvent(found, this.identity);
  }

  theme(): ThemeName {
    return themeFromBackground(Office.context.officeTheme?.bodyBackgroundColor);
  }

  onThemeChange(listener: (theme: ThemeName) => void): () => void {
    const mailbox = Office.context.mailbox as Office.Mailbox & { addHandlerAsync?: Office.Mailbox['addHandlerAsync'] };
    if (!mailbox?.addHandlerAsync || !Office.EventType?.OfficeThemeChanged) return () => undefined;
    const handler = () => listener(this.theme());
    mailbox.addHandlerAsync(Office.EventType.OfficeThemeChanged, handler);
    // Outlook removes every handler of the event type; this pane registers only this one.
    return () => mailbox.removeHandlerAsync(Office.EventType.OfficeThemeChanged);
  }

  private readMode(item: Office.AppointmentRead): MeetingContext | { unavailable: string } {
    if (!item.itemId) return { unavailable: 'Save the meeting first, then capture its outcomes.' };
    return {
      key: restId(item.itemId),
      subject: item.subject ?? '',
      start: item.start.toISOString(),
      end: item.end.toISOString(),
      organizer: person(item.organizer),
      attendees: people(item.requiredAttendees, item.optionalAttendees),
    };
  }

  private async organizerMode(item: Office.AppointmentCompose): Promise<MeetingContext | { unavailable: string }> {
    let itemId: string;
    try {
      // A new appointment has no id until it is saved (getItemIdAsync fails); hosts before Mailbox 1.8 lack it.
      itemId = await call<string>((cb) => item.getItemIdAsync(cb));
    } catch {
      return { unavailable: 'Save the meeting first, then capture its outcomes.' };
    }
    if (!itemId) return { unavailable: 'Save the meeting first, then capture its outcomes.' };
    const [subject, start, end, required, optional, organizer] = await Promise.all([
      call<string>((cb) => item.subject.getAsync(cb)),
      call<Date>((cb) => item.start.getAsync(cb)),
      call<Date>((cb) => item.end.getAsync(cb)),
      call<Office.EmailAddressDetails[]>((cb) => item.requiredAttendees.getAsync(cb)).catch(() => []),
      call<Office.EmailAddressDetails[]>((cb) => item.optionalAttendees.getAsync(cb)).catch(() => []),
      // The organizer of a compose item needs Mailbox 1.7: without it, nobody is named.
      item.organizer?.getAsync ? call<Office.EmailAddressDetails>((cb) => item.organizer.getAsync(cb)).catch(() => null) : Promise.resolve(null),
    ]);
    return {
      key: restId(itemId),
      subject: subject ?? '',
      start: start.toISOString(),
      end: end.toISOString(),
      organizer: person(organizer),
      attendees: people(required, optional),
    };
  }
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
