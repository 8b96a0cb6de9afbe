import type { Notification } from '../domain';
import type { OutgoingMessage } from '../services/ports';

/** Where a notification's link opens the personal tab: the Teams app and the tab's entity id (manifest.json). */
export interface TabLink {
  teamsAppId: string;
  tabEntityId: string;
}

/** Messages of several notifications name this many of them in their sentence, then "and N more". */
const NAMED_IN_SUMMARY = 3;

/**
 * The sentence a message reads as, where a channel shows one line (the feed's preview, an email's subject, the local
 * outbox): the notification's own text for a message of one; for several, how many and the first few.
 */
export function messageSummary(message: OutgoingMessage): string {
  const [first, ...rest] = message.notifications;
  if (!first) return '';
  if (rest.length === 0) return first.text;
  const named = message.notifications.slice(0, NAMED_IN_SUMMARY).map((n) => n.text);
  const more = message.notifications.length - named.length;
  return `${message.notifications.length} things need you: ${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** What the tab opens at: the item (or deal, or the kind of list) the notification is about. */
export function subEntityOf(n: Notification): string {
  return n.itemId ? `item:${n.itemId}` : n.dealId ? `deal:${n.dealId}` : n.kind;
}

/** A Teams deep link that opens the personal tab at a sub-entity (`item:<id>`, `deal:<id>`, a list). */
export function tabDeepLink(tab: TabLink, subEntityId: string): string {
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(tab.teamsAppId)}/${encodeURIComponent(tab.tabEntityId)}` +
    `?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`
  );
}

/** The link of a whole message: the item of a message of one, else the rep's list of commitments. */
export function messageDeepLink(tab: TabLink, message: OutgoingMessage): string {
  const [only, ...rest] = message.notifications;
  return tabDeepLink(tab, only && rest.length === 0 ? subEntityOf(only) : 'mine');
}
