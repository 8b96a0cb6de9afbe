import { z } from 'zod';
import type { ActionItem, Owner } from './action-item';
import { Email } from './common';
import type { Meeting, Person } from './meeting';
import type { Notification } from './notification';

/**
 * Erasure of a buyer contact (GDPR art. 17): what the contact's name and email become wherever they were. An item
 * they owned stays, owned by `{type: 'contact', name: 'Removed contact'}` (no email); its accountable user is
 * unchanged. A meeting's people lose them (attendee lists drop the entry; an organizer becomes null). Free text —
 * an item's title and notes, a meeting's subject, a review's notes and agenda — loses the contact's full name where
 * that same document names the contact by email (the name is learned from there; text elsewhere is not searched).
 */
export const REMOVED_CONTACT = 'Removed contact';

/** `POST /api/tenant/erasure`: the buyer contact to erase, by email. */
export const ErasureInput = z.strictObject({ email: Email });
export type ErasureInput = z.infer<typeof ErasureInput>;

/** An owner with the erased contact removed, or the owner unchanged. */
export function eraseOwner(owner: Owner, email: string): Owner {
  return owner.type === 'contact' && sameEmail(owner.email, email) ? { type: 'contact', name: REMOVED_CONTACT } : owner;
}

/** The item without the contact, or null when it does not name them by email. */
export function eraseContactFromItem(item: ActionItem, email: string): ActionItem | null {
  if (!(item.owner.type === 'contact' && sameEmail(item.owner.email, email))) return null;
  const names = [item.owner.name];
  return {
    ...item,
    owner: eraseOwner(item.owner, email),
    title: eraseNames(item.title, names),
    notes: item.notes === null ? null : eraseNames(item.notes, names),
  };
}

/** The meeting without the contact among its people, or null when they are not among them. */
export function eraseContactFromMeeting(meeting: Meeting, email: string): Meeting | null {
  const matches = (p: Person | null) => p !== null && sameEmail(p.email, email);
  const named = [meeting.organizer, ...meeting.attendees].filter(matches) as Person[];
  if (named.length === 0) return null;
  const names = named.map((p) => p.name);
  return {
    ...meeting,
    organizer: matches(meeting.organizer) ? null : meeting.organizer,
    attendees: meeting.attendees.filter((p) => !matches(p)),
    subject: eraseNames(meeting.subject, names),
  };
}

/**
 * A reminder about an item the contact owned, without their name: its text and parameters name them as the item did
 * when it was sent (`templateParameters.contact`). Null when it names no contact (any more).
 */
export function eraseContactFromNotification(notification: Notification): Notification | null {
  const contact = notification.templateParameters.contact;
  if (!contact || contact === REMOVED_CONTACT) return null;
  const names = [contact];
  const templateParameters = Object.fromEntries(Object.entries(notification.templateParameters).map(([k, v]) => [k, k === 'contact' ? REMOVED_CONTACT : eraseNames(v, names)]));
  return { ...notification, text: eraseNames(notification.text, names), templateParameters };
}

/**
 * Any JSON value (a review's agenda snapshot, an audit entry's changes) without the contact: an object whose
 * `email` is theirs loses it and its `name` (a contact owner becomes `{type: 'contact', name: 'Removed contact'}`), a
 * person in a list is dropped, a buyer actor's `contactEmail` becomes null; then their names are removed from every
 * string of the value. `changed` is false when nothing named them.
 */
export function eraseContactDeep<T>(value: T, email: string): { value: T; changed: boolean } {
  const names: string[] = [];
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !(isPerson(x) && sameEmail(x.email, email))).map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const mine = typeof o.email === 'string' && sameEmail(o.email, email);
    for (const [k, x] of Object.entries(o)) {
      if (mine && k === 'email') continue;
      if (mine && k === 'name') out.name = REMOVED_CONTACT;
      else if (k === 'contactEmail' && typeof x === 'string' && sameEmail(x, email)) out.contactEmail = null;
      else out[k] = walk(x);
    }
    return out;
  };
  // Persons dropped from lists carry names too: collect them before they go.
  collectNames(value, email, names);
  const scrubbed = walk(value);
  const renamed = names.length > 0 ? replaceStrings(scrubbed, names) : scrubbed;
  const changed = JSON.stringify(renamed) !== JSON.stringify(value);
  return { value: (changed ? renamed : value) as T, changed };
}

/** Whether a document mentions the email anywhere (after erasure it must not). */
export function mentionsEmail(value: unknown, email: string): boolean {
  return JSON.stringify(value).toLowerCase().includes(email.toLowerCase());
}

/** Every email address a value carries in `email` or `contactEmail` fields (lower-case), for the erased-contact check. */
export function emailsIn(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if ((k === 'email' || k === 'contactEmail') && typeof x === 'string') found.add(x.toLowerCase());
        else walk(x);
      }
    }
  };
  walk(value);
  return [...found];
}

/** Removes each full name (case-insensitive, as a whole word) from the text. */
export function eraseNames(text: string, names: string[]): string {
  let out = text;
  for (const name of new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2 && n !== REMOVED_CONTACT))) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'giu'), REMOVED_CONTACT);
  }
  return out;
}

function collectNames(v: unknown, email: string, names: string[]): void {
  if (Array.isArray(v)) v.forEach((x) => collectNames(x, email, names));
  else if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.email === 'string' && sameEmail(o.email, email) && typeof o.name === 'string') names.push(o.name);
    Object.values(o).forEach((x) => collectNames(x, email, names));
  }
}

function replaceStrings(v: unknown, names: string[]): unknown {
  if (typeof v === 'string') return eraseNames(v, names);
  if (Array.isArray(v)) return v.map((x) => replaceStrings(x, names));
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, replaceStrings(x, names)]));
}

function isPerson(v: unknown): v is Person {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return typeof (v as Person).email === 'string' && keys.every((k) => k === 'name' || k === 'email');
}

function sameEmail(a: string | null | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
