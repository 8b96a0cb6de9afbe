import type { AppConfig } from '../config';
import { createNaaTokenProvider } from '../auth/naa';
import { themeFromBackground } from './theme-from-colors';
import type { Attendee, HostContext, MeetingContext, ThemeName } from './types';

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/** Loads Office.js from Microsoft's CDN (add-ins must) and waits for Office to be ready. */
export async function loadOffice(timeoutMs = 10_000): Promise<void> {
  if (typeof Office === 'undefined') {
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = OFFICE_JS;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('Office.js could not be loaded.'));
      document.head.appendChild(script);
    });
  }
  await Promise.race([
    Office.onReady(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('Outlook did not answer in time.')), timeoutMs)),
  ]);
}

function call<T>(fn: (callback: (result: Office.AsyncResult<T>) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve(result.value) : reject(new Error(result.error?.message ?? 'Outlook refused.')))),
  );
}

const person = (p: Office.EmailAddressDetails): Attendee => ({ name: p.displayName ?? '', email: (p.emailAddress ?? '').toLowerCase() });

/**
 * The task pane in Outlook, on a calendar appointment: read mode (an attendee) and organizer mode (the organizer,
 * where each field is read asynchronously). The meeting key is the item's REST id, the same on every open.
 */
export class OutlookHost implements HostContext {
  readonly kind = 'outlook' as const;
  readonly timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  readonly tokens;

  constructor(config: AppConfig) {
    this.tokens = createNaaTokenProvider({
      clientId: config.clientId ?? '',
      scope: config.apiScope ?? '',
      supported: Office.context.requirements.isSetSupported('NestedAppAuth', '1.1'),
      fallback: () => Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true }),
    });
  }

  async meeting(): Promise<MeetingContext | { unavailable: string }> {
    const item = Office.context.mailbox.item;
    if (!item || item.itemType !== Office.MailboxEnums.ItemType.Appointment) return { unavailable: 'Open Followthrough on a calendar meeting.' };
    if (typeof (item as Office.AppointmentRead).subject === 'string') return this.readMode(item as Office.AppointmentRead);
    return this.organizerMode(item as Office.AppointmentCompose);
  }

  theme(): ThemeName {
    return themeFromBackground(Office.context.officeTheme?.bodyBackgroundColor);
  }

  onThemeChange(listener: (theme: ThemeName) => void): () => void {
    const mailbox = Office.context.mailbox as Office.Mailbox & { addHandlerAsync?: Office.Mailbox['addHandlerAsync'] };
    if (!mailbox.addHandlerAsync || !Office.EventType.OfficeThemeChanged) return () => undefined;
    const handler = () => listener(this.theme());
    mailbox.addHandlerAsync(Office.EventType.OfficeThemeChanged, handler);
    // Outlook removes every handler of the event type; this pane registers only this one.
    return () => mailbox.removeHandlerAsync(Office.EventType.OfficeThemeChanged);
  }

  private readMode(item: Office.AppointmentRead): MeetingContext {
    const attendees = [...(item.requiredAttendees ?? []), ...(item.optionalAttendees ?? [])].map(person);
    return {
      key: Office.context.mailbox.convertToRestId(item.itemId, Office.MailboxEnums.RestVersion.v2_0),
      subject: item.subject ?? '',
      start: item.start.toISOString(),
      end: item.end.toISOString(),
      organizer: item.organizer ? person(item.organizer) : null,
      attendees,
    };
  }

  private async organizerMode(item: Office.AppointmentCompose): Promise<MeetingContext | { unavailable: string }> {
    let itemId: string;
    try {
      itemId = await call<string>((cb) => item.getItemIdAsync(cb));
    } catch {
      return { unavailable: 'Save the meeting first, then capture its outcomes.' };
    }
    const [subject, start, end, required, optional, organizer] = await Promise.all([
      call<string>((cb) => item.subject.getAsync(cb)),
      call<Date>((cb) => item.start.getAsync(cb)),
      call<Date>((cb) => item.end.getAsync(cb)),
      call<Office.EmailAddressDetails[]>((cb) => item.requiredAttendees.getAsync(cb)),
      call<Office.EmailAddressDetails[]>((cb) => item.optionalAttendees.getAsync(cb)),
      call<Office.EmailAddressDetails>((cb) => item.organizer.getAsync(cb)).catch(() => null),
    ]);
    return {
      key: Office.context.mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0),
      subject,
      start: start.toISOString(),
      end: end.toISOString(),
      organizer: organizer ? person(organizer) : null,
      attendees: [...required, ...optional].map(person),
    };
  }
}
