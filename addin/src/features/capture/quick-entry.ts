// Fast entry: one line per action item, e.g. `Send pricing to Dana by Friday #map`, read into a title, an owner, a due
// instant and tags. Pure and synchronous: the clock, the user's time zone and the people it may name are passed in.
//
// Only the domain's time helpers are imported as values (not the domain index), so the task pane's bundle does not
// pull in zod for this module; the rest are type imports, erased at build time.
import type { KNOWN_TAGS, Owner } from '../../../../functions/src/domain';
import { isTimeZone, localTime, utcOffsetMinutes, WEEKDAY_INDEX } from '../../../../functions/src/domain/time';

export interface Person {
  name: string;
  email: string;
  /** Set for our users. */
  userId?: string;
}

export interface QuickEntryContext {
  now: Date;
  /** The user's IANA zone: dates mean days in this zone. */
  timeZone: string;
  me: Person & { userId: string };
  /** Teammates and our-side attendees (with userId when known). */
  ourSide: Person[];
  /** Buyer-side attendees (contacts). */
  buyerSide: Person[];
  /** Local hour a due date lands on, default 17. */
  dueHour?: number;
}

export type Side = 'ours' | 'buyer';
export type OwnerCandidate = Person & { side: Side };

export interface QuickEntry {
  title: string;
  /** null when the owner marker is ambiguous or unknown. */
  owner: Owner | null;
  /** e.g. "Me", "Dana Whitfield (buyer)", "Sam Carter"; "Pick an owner" when owner is null. */
  ownerLabel: string;
  /** The people the line can mean as owner: one when resolved, several when ambiguous, none when unknown. */
  ownerCandidates: OwnerCandidate[];
  /** UTC ISO instant at dueHour local on the due day; null if none given (or the date given is impossible). */
  dueAt: string | null;
  /** e.g. "Fri 27 Nov", "Tomorrow", "Today"; the year is added when it is not the current one. */
  dueLabel: string | null;
  tags: string[];
  /** Spans of the input that were understood, for highlighting: [start, end) with their kind. */
  spans: QuickEntrySpan[];
  /** e.g. 'No one called "Dan" — pick an owner', '"Feb 30" is not a date'. */
  problems: string[];
}

export interface QuickEntrySpan {
  start: number;
  end: number;
  kind: 'owner' | 'due' | 'tag';
}

type KnownTag = (typeof KNOWN_TAGS)[number];

/** `#word` → tag. Words not listed here are kept as free tags, lower-cased. */
export const TAG_ALIASES: Record<string, string> = {
  next: 'next-step',
  'next-step': 'next-step',
  map: 'map-milestone',
  'map-milestone': 'map-milestone',
  prospecting: 'prospecting',
  internal: 'internal',
} satisfies Record<string, KnownTag>;

export const DEFAULT_DUE_HOUR = 17;
const MAX_TAGS = 10;
const MAX_TITLE = 200;
/** The same rule as the domain's `Tag`. */
const TAG_RE = /^[a-z0-9][a-z0-9-]{0,39}$/;

// ---------------------------------------------------------------------------------------------------------------------
// People

interface Known {
  person: Person;
  side: Side;
  isMe: boolean;
  full: string;
  first: string;
  local: string;
  email: string;
}

const ME_WORDS = new Set(['me', 'i', 'myself']);

function norm(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/’/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

function knownPeople(ctx: QuickEntryContext): Known[] {
  const out: Known[] = [];
  const seen = new Set<string>();
  const add = (person: Person, side: Side, isMe: boolean) => {
    const email = norm(person.email ?? '');
    const ids = [email && `e:${email}`, person.userId && `u:${person.userId}`].filter((k): k is string => Boolean(k));
    if (ids.some((k) => seen.has(k))) return;
    for (const k of ids) seen.add(k);
    const full = norm(person.name ?? '');
    const local = email.includes('@') ? email.slice(0, email.indexOf('@')) : email;
    out.push({ person, side, isMe, full, first: full.split(' ')[0] ?? '', local, email });
  };
  add(ctx.me, 'ours', true);
  for (const p of ctx.ourSide) add(p, 'ours', false);
  for (const p of ctx.buyerSide) add(p, 'buyer', false);
  return out;
}

/**
 * Who a typed name can mean: "me"/"I", or people whose full name, first name, email or email local part equals it;
 * failing that (and where allowed), people whose first name starts with it (3 letters or more).
 */
function resolveName(typed: string, people: Known[], allowPrefix: boolean): Known[] {
  const q = norm(typed);
  if (!q) return [];
  if (ME_WORDS.has(q)) return people.filter((k) => k.isMe);
  const exact = people.filter((k) => q === k.full || q === k.first || q === k.local || q === k.email);
  if (exact.length > 0 || !allowPrefix) return exact;
  if (q.length < 3 || !/^\p{L}+$/u.test(q)) return [];
  return people.filter((k) => k.first.startsWith(q));
}

function displayName(k: Known): string {
  return k.person.name.trim() || k.person.email;
}

function ownerOf(k: Known): Owner {
  if (k.person.userId) return { type: 'user', userId: k.person.userId };
  const email = k.person.email?.trim();
  return email && email.includes('@') ? { type: 'contact', name: displayName(k), email } : { type: 'contact', name: displayName(k) };
}

function labelOf(k: Known): string {
  if (k.isMe) return 'Me';
  return k.side === 'buyer' ? `${displayName(k)} (buyer)` : displayName(k);
}

function candidateOf(k: Known): OwnerCandidate {
  return { ...k.person, side: k.side };
}

function listNames(ks: Known[]): string {
  const names = ks.map(labelOf);
  return names.length <= 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Calendar arithmetic on local dates (days since 1970-01-01, no time zone involved)

const DAY_MS = 86_400_000;
const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTH_LABELS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const dayNumber = ({ y, m, d }: Ymd) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);

function ymdOf(day: number): Ymd {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday, as the domain's WEEKDAY_INDEX. */
const weekdayOf = (day: number) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

const isValidDate = ({ y, m, d }: Ymd) => m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);

function parseDate(date: string): Ymd {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** The instant a local wall-clock hour on a local date has in a zone, daylight-saving days included. */
function zonedInstant(day: number, hour: number, timeZone: string): Date {
  const { y, m, d } = ymdOf(day);
  const wall = Date.UTC(y, m - 1, d, hour);
  // The offset at the guessed instant, then again at the corrected one: right on both sides of a DST change.
  const first = new Date(wall - utcOffsetMinutes(new Date(wall), timeZone) * 60_000);
  const second = new Date(wall - utcOffsetMinutes(first, timeZone) * 60_000);
  // An hour the clocks skip (02:00 on a spring-forward night) lands on the hour after the change.
  return localTime(second, timeZone).hour === hour ? second : first;
}

/** A calendar date (`YYYY-MM-DD`, as a date picker gives it) at the due hour in the user's zone, as a UTC instant. */
export function dueAtOnDate(date: string, timeZone: string, dueHour = DEFAULT_DUE_HOUR): string {
  return zonedInstant(dayNumber(parseDate(date)), dueHour, timeZone).toISOString();
}

/** Quick picks for a due date ("tomorrow", "friday", "next week" …), read exactly as a typed line would read them. */
export function quickDueDates(phrases: string[], ctx: QuickEntryContext, format: (iso: string) => string): { label: string; dueAt: string }[] {
  return phrases.flatMap((phrase) => {
    const dueAt = parseQuickEntry(`x ${phrase}`, ctx).dueAt;
    return dueAt ? [{ label: `${phrase[0]?.toUpperCase()}${phrase.slice(1)} (${format(dueAt)})`, dueAt }] : [];
  });
}

function dayLabel(day: number, today: number): string {
  if (day === today) return 'Today';
  if (day === today + 1) return 'Tomorrow';
  const { y, m, d } = ymdOf(day);
  const label = `${WEEKDAY_LABELS[weekdayOf(day)]} ${d} ${MONTH_LABELS[m - 1]}`;
  return y === ymdOf(today).y ? label : `${label} ${y}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Due phrases

const WEEKDAY = 'monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|saturday|sat|sunday|sun';
const MONTH = 'january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec';
const ORD = '(?:st|nd|rd|th)?';
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

const DUE_RE = new RegExp(
  [
    '(?<![\\p{L}\\p{N}_@#/.-])',
    '(?<prep>(?:due(?:\\s+(?:by|on|before))?|by|on|before)\\s+)?',
    '(?:',
    [
      '(?<rel>today|tonight|eod|end\\s+of\\s+(?:the\\s+)?day|tomorrow|tmrw)',
      `(?<nextWd>next|this)\\s+(?<wd1>${WEEKDAY})`,
      '(?<nextWeek>next\\s+week)',
      '(?<eow>eow|(?:the\\s+)?end\\s+of\\s+(?:the\\s+|this\\s+)?week)',
      `in\\s+(?<n>\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})\\s+(?<unit>days?|weeks?)`,
      '(?<isoY>\\d{4})-(?<isoM>\\d{1,2})-(?<isoD>\\d{1,2})',
      '(?<sM>\\d{1,2})/(?<sD>\\d{1,2})(?:/(?<sY>\\d{4}|\\d{2}))?',
      `(?:(?<wd2>${WEEKDAY}),?\\s+)?(?<mdMon>${MONTH})\\.?\\s+(?<mdDay>\\d{1,2})${ORD}(?:,?\\s+(?<mdYear>\\d{4}))?`,
      `(?:(?<wd3>${WEEKDAY}),?\\s+)?(?:the\\s+)?(?<dmDay>\\d{1,2})${ORD}(?:\\s+of)?\\s+(?<dmMon>${MONTH})\\.?(?:,?\\s+(?<dmYear>\\d{4}))?`,
      `(?<wd>${WEEKDAY})`,
    ].join('|'),
    ')',
    "(?![\\p{L}\\p{N}_]|['’]\\p{L}|[/-]\\p{N})",
  ].join(''),
  'giu',
);

/** Weekday abbreviations that are also English words: read as a day only after by/on/due/before. */
const WORDLIKE_WEEKDAYS = new Set(['sat', 'sun', 'wed']);

interface DueMatch {
  start: number;
  end: number;
  /** Stated with a preposition or otherwise unmistakably a date: preferred over a bare weekday. */
  strong: boolean;
  /** The due day, or a problem saying why there is none. */
  day: number | null;
  problem?: string;
}

const weekdayIndex = (word: string) => WEEKDAY_INDEX[word.slice(0, 3).toLowerCase() as keyof typeof WEEKDAY_INDEX];
const monthIndex = (word: string) => MONTH_LABELS.findIndex((m) => m.toLowerCase() === word.slice(0, 3).toLowerCase()) + 1;

function readDue(m: RegExpExecArray, today: number): DueMatch | null {
  const g = m.groups ?? {};
  const prep = g.prep ?? '';
  const start = m.index;
  const end = m.index + m[0].length;
  const phrase = m[0].slice(prep.length);
  const todayWd = weekdayOf(today);
  const nextMonday = today + (7 - todayWd);
  const at = (day: number, strong = true): DueMatch => ({ start, end, strong: strong || prep !== '', day });
  const impossible = (): DueMatch => ({ start, end, strong: true, day: null, problem: `"${phrase}" is not a date` });

  if (g.rel) return at(/^(tomorrow|tmrw)$/i.test(g.rel) ? today + 1 : today);
  if (g.nextWd && g.wd1) {
    const wd = weekdayIndex(g.wd1);
    return at(g.nextWd.toLowerCase() === 'next' ? nextMonday + wd : today + ((wd - todayWd + 7) % 7 || 7));
  }
  if (g.nextWeek) return at(nextMonday);
  if (g.eow) return at(today + ((4 - todayWd + 7) % 7));
  if (g.n && g.unit) {
    const n = NUMBER_WORDS[g.n.toLowerCase()] ?? Number(g.n);
    return at(today + n * (g.unit.toLowerCase().startsWith('week') ? 7 : 1));
  }
  if (g.wd) {
    if (!prep && WORDLIKE_WEEKDAYS.has(g.wd.toLowerCase())) return null;
    const wd = weekdayIndex(g.wd);
    return at(today + ((wd - todayWd + 7) % 7 || 7), false);
  }

  // Explicit dates: month and day, with or without a year.
  let month: number;
  let dayOfMonth: number;
  let year: number | undefined;
  let weekday: string | undefined;
  if (g.isoY && g.isoM && g.isoD) {
    [year, month, dayOfMonth] = [Number(g.isoY), Number(g.isoM), Number(g.isoD)];
  } else if (g.sM && g.sD) {
    [month, dayOfMonth] = [Number(g.sM), Number(g.sD)];
    // "50/50" or "24/7" is not a date at all; "2/30" is a date that does not exist.
    if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31) return null;
    if (g.sY) year = g.sY.length === 2 ? 2000 + Number(g.sY) : Number(g.sY);
  } else if (g.mdMon && g.mdDay) {
    [month, dayOfMonth, year, weekday] = [monthIndex(g.mdMon), Number(g.mdDay), g.mdYear ? Number(g.mdYear) : undefined, g.wd2];
  } else if (g.dmMon && g.dmDay) {
    [month, dayOfMonth, year, weekday] = [monthIndex(g.dmMon), Number(g.dmDay), g.dmYear ? Number(g.dmYear) : undefined, g.wd3];
  } else {
    return null;
  }

  let day: number;
  let problem: string | undefined;
  if (year !== undefined) {
    if (!isValidDate({ y: year, m: month, d: dayOfMonth })) return impossible();
    day = dayNumber({ y: year, m: month, d: dayOfMonth });
    if (day < today) problem = `"${phrase}" is in the past`;
  } else {
    // The next such date from today (today included); 29 Feb waits for a leap year. 2000 was a leap year.
    if (!isValidDate({ y: 2000, m: month, d: dayOfMonth })) return impossible();
    let y = ymdOf(today).y;
    while (!isValidDate({ y, m: month, d: dayOfMonth }) || dayNumber({ y, m: month, d: dayOfMonth }) < today) y += 1;
    day = dayNumber({ y, m: month, d: dayOfMonth });
  }
  if (weekday && weekdayIndex(weekday) !== weekdayOf(day)) {
    const { d, m: mm } = ymdOf(day);
    problem = `"${phrase}": ${d} ${MONTH_LABELS[mm - 1]} is a ${WEEKDAY_NAMES[weekdayOf(day)]}`;
  }
  return problem ? { start, end, strong: true, day, problem } : { start, end, strong: true, day };
}

// ---------------------------------------------------------------------------------------------------------------------
// The parser

type Range = [start: number, end: number];

const overlaps = (a: Range, ranges: Range[]) => ranges.some(([s, e]) => a[0] < e && s < a[1]);

/** `@name`, `@first last`, `@email.local` or `@someone@company.com`. */
const AT_RE = /(?<![\p{L}\p{N}_@.])@(?<token>\p{L}[\p{L}\p{N}._+'’-]*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu;
const NAME_WORD = "[\\p{L}][\\p{L}\\p{N}._'’@-]*";
/** A leading owner marker of k words: `Name:`, `Name to <verb>`, `Name will <verb>`. */
const LEAD_RES = [3, 2, 1].map(
  (k) => new RegExp(`^(?<name>${NAME_WORD}(?:\\s+${NAME_WORD}){${k - 1}})(?<marker>\\s*:|\\s+(?:to|will)(?=\\s+\\S))`, 'iu'),
);
const I_WILL_RE = /^(?:I['’]ll|I\s+will)(?=\s+\S)/iu;
const TAG_TOKEN_RE = /(?<![^\s(,;])#(?<word>\p{L}[\p{L}\p{N}_-]*)/gu;

export function parseQuickEntry(text: string, ctx: QuickEntryContext): QuickEntry {
  const problems: string[] = [];
  const spans: QuickEntrySpan[] = [];
  const consumed: Range[] = [];
  const take = (start: number, end: number, kind: QuickEntrySpan['kind']) => {
    spans.push({ start, end, kind });
    consumed.push([start, end]);
  };

  // Tags.
  const tags: string[] = [];
  for (const m of text.matchAll(TAG_TOKEN_RE)) {
    const word = (m.groups?.word ?? '').toLowerCase();
    const tag = TAG_ALIASES[word] ?? word.replace(/_/g, '-');
    if (!TAG_RE.test(tag)) {
      problems.push(`"${m[0]}" is not a tag: use up to 40 letters, digits or "-"`);
      continue;
    }
    take(m.index, m.index + m[0].length, 'tag');
    if (!tags.includes(tag)) tags.push(tag);
  }
  if (tags.length > MAX_TAGS) problems.push(`At most ${MAX_TAGS} tags`);

  // Owner: `@name` anywhere, else a leading marker, else me.
  const people = knownPeople(ctx);
  const me = people[0] as Known;
  let owners: Known[] = [me];
  let ownerProblem: string | undefined;
  let typedOwner = '';
  const atMarkers: { typed: string; matches: Known[] }[] = [];
  for (const m of text.matchAll(AT_RE)) {
    let token = (m.groups?.token ?? '').replace(/[.'’-]+$/u, '');
    let end = m.index + 1 + token.length;
    let matches = resolveName(token, people, true);
    // "@Dana Whitfield": a full name of two or three words, the longest that is someone's.
    if (/^[\p{L}'’-]+$/u.test(token)) {
      const words: { word: string; end: number }[] = [];
      for (let pos = end; words.length < 2; ) {
        const w = /^\s+([\p{L}][\p{L}'’-]*)/u.exec(text.slice(pos));
        if (!w?.[1]) break;
        pos += w[0].length;
        words.push({ word: w[1], end: pos });
      }
      for (let n = words.length; n >= 1; n -= 1) {
        const full = norm([token, ...words.slice(0, n).map((w) => w.word)].join(' '));
        const exact = people.filter((k) => k.full === full);
        if (exact.length > 0) {
          end = (words[n - 1] as { end: number }).end;
          token = text.slice(m.index + 1, end).replace(/\s+/g, ' ');
          matches = exact;
          break;
        }
      }
    }
    take(m.index, end, 'owner');
    atMarkers.push({ typed: token, matches });
  }

  if (atMarkers.length > 0) {
    const distinct = [...new Set(atMarkers.flatMap((a) => a.matches))];
    const unknown = atMarkers.find((a) => a.matches.length === 0);
    if (atMarkers.length > 1 && (distinct.length > 1 || unknown)) {
      owners = distinct;
      ownerProblem = `More than one owner named (${atMarkers.map((a) => `@${a.typed}`).join(', ')}) — pick one`;
    } else if (unknown) {
      owners = [];
      ownerProblem = `No one called "${unknown.typed}" — pick an owner`;
    } else {
      owners = distinct;
      typedOwner = atMarkers[0]?.typed ?? '';
    }
  } else {
    const lead = readLeadingOwner(text, consumed, people);
    if (lead) {
      take(lead.start, lead.end, 'owner');
      owners = lead.matches;
      typedOwner = lead.typed;
    }
  }
  if (owners.length > 1 && !ownerProblem) ownerProblem = `"${typedOwner}" could be ${listNames(owners)} — pick one`;
  if (ownerProblem) problems.push(ownerProblem);
  const single = owners.length === 1 && !ownerProblem ? (owners[0] as Known) : null;

  // Due.
  const timeZone = isTimeZone(ctx.timeZone) ? ctx.timeZone : 'UTC';
  if (timeZone !== ctx.timeZone) problems.push(`Unknown time zone "${ctx.timeZone}": dates are read in UTC`);
  const today = dayNumber(parseDate(localTime(ctx.now, timeZone).date));
  let due: DueMatch | null = null;
  for (const m of text.matchAll(DUE_RE)) {
    if (overlaps([m.index, m.index + m[0].length], consumed)) continue;
    const read = readDue(m, today);
    // A phrase said with a preposition (or an explicit date) beats a bare weekday; among equals, the last one wins.
    if (read && (!due || read.strong || !due.strong)) due = read;
  }
  let dueAt: string | null = null;
  let dueLabel: string | null = null;
  if (due) {
    take(due.start, due.end, 'due');
    if (due.problem) problems.push(due.problem);
    if (due.day !== null) {
      const { dueHour } = ctx;
      const hour = dueHour !== undefined && Number.isInteger(dueHour) && dueHour >= 0 && dueHour <= 23 ? dueHour : DEFAULT_DUE_HOUR;
      dueAt = zonedInstant(due.day, hour, timeZone).toISOString();
      dueLabel = dayLabel(due.day, today);
    }
  }

  // Title: what is left.
  spans.sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let at = 0;
  for (const s of spans) {
    pieces.push(text.slice(at, s.start));
    at = s.end;
  }
  pieces.push(text.slice(at));
  let title = pieces
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;:.!?])/g, '$1')
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '');
  title = title.charAt(0).toUpperCase() + title.slice(1);
  if (!title) problems.push('No title — say what needs to be done');
  else if (title.length > MAX_TITLE) problems.push(`The title is ${title.length} characters long; at most ${MAX_TITLE}`);

  return {
    title,
    owner: single ? ownerOf(single) : null,
    ownerLabel: single ? labelOf(single) : 'Pick an owner',
    ownerCandidates: owners.map(candidateOf),
    dueAt,
    dueLabel,
    tags,
    spans,
    problems,
  };
}

/** A leading `Name:` / `Name to <verb>` / `Name will <verb>` / `I'll <verb>`, after any leading tags. */
function readLeadingOwner(text: string, consumed: Range[], people: Known[]): { start: number; end: number; typed: string; matches: Known[] } | null {
  let start = 0;
  for (;;) {
    while (start < text.length && /\s/.test(text.charAt(start))) start += 1;
    const inside = consumed.find(([s, e]) => s <= start && start < e);
    if (!inside) break;
    start = inside[1];
  }
  const rest = text.slice(start);
  const iWill = I_WILL_RE.exec(rest);
  if (iWill) return { start, end: start + iWill[0].length, typed: 'I', matches: people.filter((k) => k.isMe) };
  for (const re of LEAD_RES) {
    const m = re.exec(rest);
    if (!m?.groups?.name || m.groups.marker === undefined) continue;
    const end = start + m[0].length;
    if (overlaps([start, end], consumed)) continue;
    // `Name:` is unmistakable; `Name to`/`Name will` must name someone exactly, or "Call to confirm" would be Callum's.
    const matches = resolveName(m.groups.name, people, m.groups.marker.trim() === ':');
    if (matches.length > 0) return { start, end, typed: m.groups.name, matches };
  }
  return null;
}
