import { KNOWN_TAGS, Owner } from '../../functions/src/domain';
import { parseQuickEntry, type QuickEntry, type QuickEntryContext, TAG_ALIASES } from '../../addin/src/features/capture/quick-entry';

/** Wednesday 2026-11-25, 10:00 in New York (EST, UTC-5): 17:00 local is 22:00 UTC until the DST change on 2027-03-14. */
const NOW = new Date('2026-11-25T15:00:00.000Z');

const ME = { name: 'Riley Morgan', email: 'riley.morgan@seller.example', userId: 'u-riley' };
const SAM = { name: 'Sam Carter', email: 'sam.carter@seller.example', userId: 'u-sam' };
const DAN_BROOKS = { name: 'Dan Brooks', email: 'dan.brooks@seller.example', userId: 'u-dan' };
const CALLUM = { name: 'Callum Reid', email: 'callum.reid@seller.example', userId: 'u-callum' };
/** An our-side attendee we have no user for: owned as a contact. */
const PRIYA = { name: 'Priya Nair', email: 'priya@partner.example' };
const DANA = { name: 'Dana Whitfield', email: 'dana.whitfield@buyer.example' };
const DAN_ORTIZ = { name: 'Dan Ortiz', email: 'dortiz@buyer.example' };
const KENJI = { name: 'Kenji Watanabe', email: 'kwatanabe@buyer.example' };

function ctx(over: Partial<QuickEntryContext> = {}): QuickEntryContext {
  return {
    now: NOW,
    timeZone: 'America/New_York',
    me: ME,
    // Me again among the attendees: still one person.
    ourSide: [SAM, DAN_BROOKS, CALLUM, PRIYA, { ...ME }],
    buyerSide: [DANA, DAN_ORTIZ, KENJI],
    ...over,
  };
}

const parse = (text: string, over: Partial<QuickEntryContext> = {}) => parseQuickEntry(text, ctx(over));

/** Spans as the text they cover, in order. */
const spanTexts = (text: string, entry: QuickEntry) => entry.spans.map((s) => `${s.kind}:${text.slice(s.start, s.end)}`);

const ME_OWNER: Owner = { type: 'user', userId: 'u-riley' };

describe('the issue’s own example', () => {
  const text = 'Send pricing to Dana by Friday #map';
  const entry = parse(text);

  it('keeps Dana in the title as the recipient and makes me the owner', () => {
    expect(entry.title).toBe('Send pricing to Dana');
    expect(entry.owner).toEqual(ME_OWNER);
    expect(entry.ownerLabel).toBe('Me');
    expect(entry.ownerCandidates).toEqual([{ ...ME, side: 'ours' }]);
  });

  it('is due Friday at 17:00 New York time, tagged as a MAP milestone', () => {
    expect(entry.dueAt).toBe('2026-11-27T22:00:00.000Z');
    expect(entry.dueLabel).toBe('Fri 27 Nov');
    expect(entry.tags).toEqual(['map-milestone']);
    expect(entry.problems).toEqual([]);
  });

  it('highlights the due phrase with its preposition and the tag', () => {
    expect(spanTexts(text, entry)).toEqual(['due:by Friday', 'tag:#map']);
    expect(entry.spans[0]).toEqual({ start: 21, end: 30, kind: 'due' });
    expect(entry.spans[1]).toEqual({ start: 31, end: 35, kind: 'tag' });
  });

  it('produces an item the domain accepts', () => {
    expect(Owner.safeParse(entry.owner).success).toBe(true);
  });
});

describe('due phrases (clock: Wed 25 Nov 2026 10:00 New York)', () => {
  const at17 = (date: string) => `${date}T22:00:00.000Z`;
  test.each([
    // [line, title, dueAt, dueLabel, due span]
    ['Call Dana today', 'Call Dana', at17('2026-11-25'), 'Today', 'today'],
    ['Send recap tonight', 'Send recap', at17('2026-11-25'), 'Today', 'tonight'],
    ['Send recap by EOD', 'Send recap', at17('2026-11-25'), 'Today', 'by EOD'],
    ['Send recap by end of day', 'Send recap', at17('2026-11-25'), 'Today', 'by end of day'],
    ['Book the room tomorrow', 'Book the room', at17('2026-11-26'), 'Tomorrow', 'tomorrow'],
    ['Book the room by tomorrow', 'Book the room', at17('2026-11-26'), 'Tomorrow', 'by tomorrow'],
    ['Draft SOW Friday', 'Draft SOW', at17('2026-11-27'), 'Fri 27 Nov', 'Friday'],
    ['Draft SOW fri', 'Draft SOW', at17('2026-11-27'), 'Fri 27 Nov', 'fri'],
    ['Draft SOW on Monday', 'Draft SOW', at17('2026-11-30'), 'Mon 30 Nov', 'on Monday'],
    ['Draft SOW before Tue', 'Draft SOW', at17('2026-12-01'), 'Tue 1 Dec', 'before Tue'],
    // A weekday is the next such day strictly after today: Wednesday on a Wednesday is a week away.
    ['Draft SOW due Wednesday', 'Draft SOW', at17('2026-12-02'), 'Wed 2 Dec', 'due Wednesday'],
    ['Draft SOW by wed', 'Draft SOW', at17('2026-12-02'), 'Wed 2 Dec', 'by wed'],
    ['Check in Thu', 'Check in', at17('2026-11-26'), 'Tomorrow', 'Thu'],
    ['Check in on Sat', 'Check in', at17('2026-11-28'), 'Sat 28 Nov', 'on Sat'],
    ['Check in on sun', 'Check in', at17('2026-11-29'), 'Sun 29 Nov', 'on sun'],
    // "next <weekday>" is that weekday in next week (the week of Mon 30 Nov).
    ['Demo next Monday', 'Demo', at17('2026-11-30'), 'Mon 30 Nov', 'next Monday'],
    ['Demo next Wednesday', 'Demo', at17('2026-12-02'), 'Wed 2 Dec', 'next Wednesday'],
    ['Demo next Friday', 'Demo', at17('2026-12-04'), 'Fri 4 Dec', 'next Friday'],
    ['Demo by next fri', 'Demo', at17('2026-12-04'), 'Fri 4 Dec', 'by next fri'],
    ['Demo this Friday', 'Demo', at17('2026-11-27'), 'Fri 27 Nov', 'this Friday'],
    ['Demo next week', 'Demo', at17('2026-11-30'), 'Mon 30 Nov', 'next week'],
    ['Demo by next week', 'Demo', at17('2026-11-30'), 'Mon 30 Nov', 'by next week'],
    ['Send quote by end of week', 'Send quote', at17('2026-11-27'), 'Fri 27 Nov', 'by end of week'],
    ['Send quote by the end of the week', 'Send quote', at17('2026-11-27'), 'Fri 27 Nov', 'by the end of the week'],
    ['Send quote eow', 'Send quote', at17('2026-11-27'), 'Fri 27 Nov', 'eow'],
    ['Send quote in 3 days', 'Send quote', at17('2026-11-28'), 'Sat 28 Nov', 'in 3 days'],
    ['Send quote in 1 day', 'Send quote', at17('2026-11-26'), 'Tomorrow', 'in 1 day'],
    ['Send quote in 2 weeks', 'Send quote', at17('2026-12-09'), 'Wed 9 Dec', 'in 2 weeks'],
    ['Send quote in a week', 'Send quote', at17('2026-12-02'), 'Wed 2 Dec', 'in a week'],
    ['Send quote in three days', 'Send quote', at17('2026-11-28'), 'Sat 28 Nov', 'in three days'],
    // Explicit dates: all Thursday 3 December 2026.
    ['Security review Dec 3', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'Dec 3'],
    ['Security review by Dec. 3', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'by Dec. 3'],
    ['Security review 3 Dec', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', '3 Dec'],
    ['Security review on December 3rd', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'on December 3rd'],
    ['Security review by the 3rd of December', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'by the 3rd of December'],
    ['Security review due 2026-12-03', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'due 2026-12-03'],
    ['Security review 12/3', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', '12/3'],
    ['Security review by 12/03/2026', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'by 12/03/2026'],
    ['Security review Thu 3 Dec', 'Security review', at17('2026-12-03'), 'Thu 3 Dec', 'Thu 3 Dec'],
    ['Security review Dec 3, 2027', 'Security review', at17('2027-12-03'), 'Fri 3 Dec 2027', 'Dec 3, 2027'],
    // Without a year: the next such date from today (today included).
    ['Renewal call Nov 25', 'Renewal call', at17('2026-11-25'), 'Today', 'Nov 25'],
    ['Renewal call Nov 24', 'Renewal call', at17('2027-11-24'), 'Wed 24 Nov 2027', 'Nov 24'],
    ['Renewal call Jan 15', 'Renewal call', at17('2027-01-15'), 'Fri 15 Jan 2027', 'Jan 15'],
    ['Renewal call 1/15', 'Renewal call', at17('2027-01-15'), 'Fri 15 Jan 2027', '1/15'],
    // 29 February waits for the next leap year rather than moving to 1 March.
    ['Renewal call Feb 29', 'Renewal call', at17('2028-02-29'), 'Tue 29 Feb 2028', 'Feb 29'],
    // The due phrase can sit anywhere; its preposition goes with it.
    ['Send the deck by Friday to Kenji', 'Send the deck to Kenji', at17('2026-11-27'), 'Fri 27 Nov', 'by Friday'],
    ['Send deck on Friday, then call Dana', 'Send deck, then call Dana', at17('2026-11-27'), 'Fri 27 Nov', 'on Friday'],
  ])('%s', (text, title, dueAt, dueLabel, span) => {
    const entry = parse(text);
    expect(entry.title).toBe(title);
    expect(entry.dueAt).toBe(dueAt);
    expect(entry.dueLabel).toBe(dueLabel);
    expect(spanTexts(text, entry)).toEqual([`due:${span}`]);
    expect(entry.problems).toEqual([]);
  });

  test.each([
    ['Send recap', 'Send recap'],
    // A possessive weekday, and word-like abbreviations without a preposition, are not due dates.
    ["Review Friday's notes", "Review Friday's notes"],
    ['Lunch at Sun Bistro', 'Lunch at Sun Bistro'],
    ['Debrief after sat prep', 'Debrief after sat prep'],
    // Not month/day: kept as written.
    ['Split 50/50 with Dan Ortiz', 'Split 50/50 with Dan Ortiz'],
    ['Send 3 decks', 'Send 3 decks'],
    ['Plan by phone', 'Plan by phone'],
  ])('%s has no due date', (text, title) => {
    const entry = parse(text);
    expect(entry.title).toBe(title);
    expect(entry.dueAt).toBeNull();
    expect(entry.dueLabel).toBeNull();
    expect(entry.spans).toEqual([]);
    expect(entry.problems).toEqual([]);
  });

  test.each([
    ['Book dinner Feb 30', 'Feb 30', '"Feb 30" is not a date'],
    ['Book dinner by April 31st', 'by April 31st', '"April 31st" is not a date'],
    ['Book dinner 2/30', '2/30', '"2/30" is not a date'],
    ['Book dinner 2026-13-01', '2026-13-01', '"2026-13-01" is not a date'],
    ['Book dinner Feb 29, 2027', 'Feb 29, 2027', '"Feb 29, 2027" is not a date'],
  ])('%s: an impossible date is a problem, not moved', (text, span, problem) => {
    const entry = parse(text);
    expect(entry.dueAt).toBeNull();
    expect(entry.dueLabel).toBeNull();
    expect(entry.problems).toEqual([problem]);
    expect(spanTexts(text, entry)).toEqual([`due:${span}`]);
    expect(entry.title).toBe('Book dinner');
  });

  it('keeps a stated date whose weekday is wrong, and says so', () => {
    const entry = parse('Review Fri 28 Nov');
    expect(entry.dueAt).toBe(at17('2026-11-28'));
    expect(entry.problems).toEqual(['"Fri 28 Nov": 28 Nov is a Saturday']);
  });

  it('flags a date with a year that has passed', () => {
    const entry = parse('Chase signature by 2026-11-01');
    expect(entry.dueAt).toBe(at17('2026-11-01'));
    expect(entry.problems).toEqual(['"2026-11-01" is in the past']);
  });

  it('prefers a due phrase with a preposition over a bare weekday, and keeps the other in the title', () => {
    const text = 'Send Friday recap by Monday';
    const entry = parse(text);
    expect(entry.title).toBe('Send Friday recap');
    expect(entry.dueAt).toBe(at17('2026-11-30'));
    expect(spanTexts(text, entry)).toEqual(['due:by Monday']);
    const first = 'Prep by Monday for the Friday demo';
    const entry2 = parse(first);
    expect(entry2.title).toBe('Prep for the Friday demo');
    expect(spanTexts(first, entry2)).toEqual(['due:by Monday']);
  });

  it('lands on dueHour when one is given', () => {
    expect(parse('Send quote tomorrow', { dueHour: 9 }).dueAt).toBe('2026-11-26T14:00:00.000Z');
    expect(parse('Send quote tomorrow', { dueHour: 0 }).dueAt).toBe('2026-11-26T05:00:00.000Z');
  });

  it('reads end of week on a Friday as today, and on a Saturday as the coming Friday', () => {
    const friday = new Date('2026-11-27T15:00:00.000Z');
    expect(parse('Send quote eow', { now: friday })).toMatchObject({ dueAt: at17('2026-11-27'), dueLabel: 'Today' });
    const saturday = new Date('2026-11-28T15:00:00.000Z');
    expect(parse('Send quote eow', { now: saturday })).toMatchObject({ dueAt: at17('2026-12-04'), dueLabel: 'Fri 4 Dec' });
  });

  it('reads "next Monday" on a Sunday as tomorrow and "Friday" on a Friday as a week away', () => {
    const sunday = new Date('2026-11-29T15:00:00.000Z');
    expect(parse('Demo next Monday', { now: sunday }).dueAt).toBe(at17('2026-11-30'));
    const friday = new Date('2026-11-27T15:00:00.000Z');
    expect(parse('Demo Friday', { now: friday })).toMatchObject({ dueAt: at17('2026-12-04'), dueLabel: 'Fri 4 Dec' });
  });
});

describe('time zones', () => {
  // The same instant is Thursday 26 Nov 00:00 in Tokyo and Wednesday 25 Nov 07:00 in Los Angeles.
  test.each([
    ['Call Dana today', '2026-11-26T08:00:00.000Z', 'Today', '2026-11-26T01:00:00.000Z', 'Today'],
    ['Call Dana tomorrow', '2026-11-27T08:00:00.000Z', 'Tomorrow', '2026-11-27T01:00:00.000Z', 'Tomorrow'],
    ['Call Dana by Friday', '2026-11-27T08:00:00.000Z', 'Tomorrow', '2026-11-28T01:00:00.000Z', 'Fri 27 Nov'],
    ['Call Dana Thursday', '2026-12-03T08:00:00.000Z', 'Thu 3 Dec', '2026-11-27T01:00:00.000Z', 'Tomorrow'],
    ['Call Dana Dec 3', '2026-12-03T08:00:00.000Z', 'Thu 3 Dec', '2026-12-04T01:00:00.000Z', 'Thu 3 Dec'],
  ])('%s: Tokyo and Los Angeles', (text, tokyoAt, tokyoLabel, laAt, laLabel) => {
    const tokyo = parse(text, { timeZone: 'Asia/Tokyo' });
    const la = parse(text, { timeZone: 'America/Los_Angeles' });
    expect(tokyo).toMatchObject({ dueAt: tokyoAt, dueLabel: tokyoLabel });
    expect(la).toMatchObject({ dueAt: laAt, dueLabel: laLabel });
    expect(tokyo.dueAt).not.toBe(la.dueAt);
  });

  it('moves by an hour across the US daylight-saving change on 2027-03-14', () => {
    // Wednesday 2027-03-10 10:00 EST.
    const now = new Date('2027-03-10T15:00:00.000Z');
    expect(parse('Send contract Saturday', { now })).toMatchObject({ dueAt: '2027-03-13T22:00:00.000Z', dueLabel: 'Sat 13 Mar' });
    expect(parse('Send contract Sunday', { now })).toMatchObject({ dueAt: '2027-03-14T21:00:00.000Z', dueLabel: 'Sun 14 Mar' });
    expect(parse('Send contract next Monday', { now })).toMatchObject({ dueAt: '2027-03-15T21:00:00.000Z', dueLabel: 'Mon 15 Mar' });
    expect(parse('Send contract in 2 days', { now })).toMatchObject({ dueAt: '2027-03-12T22:00:00.000Z' });
    // From the November clock, the same days are a year-less explicit date.
    expect(parse('Send contract Mar 13').dueAt).toBe('2027-03-13T22:00:00.000Z');
    expect(parse('Send contract Mar 14').dueAt).toBe('2027-03-14T21:00:00.000Z');
    // An hour the clocks skip lands just after the change (03:00 EDT), still on the day.
    expect(parse('Send contract Mar 14', { dueHour: 2 }).dueAt).toBe('2027-03-14T07:00:00.000Z');
    // 03:00 on the day itself is already daylight time: one guess at the offset is not enough.
    expect(parse('Send contract Mar 14', { dueHour: 3 }).dueAt).toBe('2027-03-14T07:00:00.000Z');
    expect(parse('Send contract Mar 14', { dueHour: 4 }).dueAt).toBe('2027-03-14T08:00:00.000Z');
  });

  it('moves back across the change on 2026-11-01 (Europe/London has its own, on 2027-03-28)', () => {
    const now = new Date('2026-10-28T12:00:00.000Z');
    expect(parse('Renew Saturday', { now }).dueAt).toBe('2026-10-31T21:00:00.000Z');
    expect(parse('Renew Sunday', { now }).dueAt).toBe('2026-11-01T22:00:00.000Z');
    expect(parse('Renew Mar 27', { timeZone: 'Europe/London' }).dueAt).toBe('2027-03-27T17:00:00.000Z');
    expect(parse('Renew Mar 28', { timeZone: 'Europe/London' }).dueAt).toBe('2027-03-28T16:00:00.000Z');
  });

  it('reads an unknown zone as UTC and says so', () => {
    const entry = parse('Call Dana tomorrow', { timeZone: 'Mars/Olympus_Mons' });
    expect(entry.dueAt).toBe('2026-11-26T17:00:00.000Z');
    expect(entry.problems).toEqual(['Unknown time zone "Mars/Olympus_Mons": dates are read in UTC']);
  });
});

describe('owners', () => {
  const SAM_OWNER: Owner = { type: 'user', userId: 'u-sam' };
  const DANA_OWNER: Owner = { type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@buyer.example' };
  test.each([
    // [line, owner, label, title, owner span]
    ['@Sam send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', '@Sam'],
    ['Send the deck @sam', SAM_OWNER, 'Sam Carter', 'Send the deck', '@sam'],
    ['@sam.carter send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', '@sam.carter'],
    ['@sam.carter@seller.example send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', '@sam.carter@seller.example'],
    ['@Sam Carter send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', '@Sam Carter'],
    ['Sam: send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', 'Sam:'],
    ['Sam Carter will send the deck', SAM_OWNER, 'Sam Carter', 'Send the deck', 'Sam Carter will'],
    ['@Callum send the deck', { type: 'user', userId: 'u-callum' }, 'Callum Reid', 'Send the deck', '@Callum'],
    // A unique prefix of three letters or more of a first name.
    ['@Cal send the deck', { type: 'user', userId: 'u-callum' }, 'Callum Reid', 'Send the deck', '@Cal'],
    ['@ken review the MSA', { type: 'contact', name: 'Kenji Watanabe', email: 'kwatanabe@buyer.example' }, 'Kenji Watanabe (buyer)', 'Review the MSA', '@ken'],
    // Buyer side: a contact with name and email.
    ['Dana to send the usage report', DANA_OWNER, 'Dana Whitfield (buyer)', 'Send the usage report', 'Dana to'],
    ['dana will send the usage report', DANA_OWNER, 'Dana Whitfield (buyer)', 'Send the usage report', 'dana will'],
    ['Dana: send the usage report', DANA_OWNER, 'Dana Whitfield (buyer)', 'Send the usage report', 'Dana:'],
    ['@Dana Whitfield, send the usage report', DANA_OWNER, 'Dana Whitfield (buyer)', 'Send the usage report', '@Dana Whitfield'],
    ['@dana.whitfield send the usage report', DANA_OWNER, 'Dana Whitfield (buyer)', 'Send the usage report', '@dana.whitfield'],
    ['@Dan Ortiz send the usage report', { type: 'contact', name: 'Dan Ortiz', email: 'dortiz@buyer.example' }, 'Dan Ortiz (buyer)', 'Send the usage report', '@Dan Ortiz'],
    ['@dortiz send the usage report', { type: 'contact', name: 'Dan Ortiz', email: 'dortiz@buyer.example' }, 'Dan Ortiz (buyer)', 'Send the usage report', '@dortiz'],
    // Our side without a user id: owned as a contact, labelled without "(buyer)".
    ['@Priya loop in legal', { type: 'contact', name: 'Priya Nair', email: 'priya@partner.example' }, 'Priya Nair', 'Loop in legal', '@Priya'],
    // Me: by "me", "I", my name; listed again among the attendees, still only me.
    ['@me loop in legal', ME_OWNER, 'Me', 'Loop in legal', '@me'],
    ['@Riley loop in legal', ME_OWNER, 'Me', 'Loop in legal', '@Riley'],
    ['I will loop in legal', ME_OWNER, 'Me', 'Loop in legal', 'I will'],
    ["I'll loop in legal", ME_OWNER, 'Me', 'Loop in legal', "I'll"],
    ['Me to loop in legal', ME_OWNER, 'Me', 'Loop in legal', 'Me to'],
  ])('%s', (text, owner, label, title, span) => {
    const entry = parse(text);
    expect(entry.owner).toEqual(owner);
    expect(Owner.safeParse(entry.owner).success).toBe(true);
    expect(entry.ownerLabel).toBe(label);
    expect(entry.ownerCandidates).toHaveLength(1);
    expect(entry.title).toBe(title);
    expect(spanTexts(text, entry)).toEqual([`owner:${span}`]);
    expect(entry.problems).toEqual([]);
  });

  test.each([
    // A name after "to" is the recipient; a verb-like first word is not a teammate's prefix ("Call" ≠ Callum).
    ['Send pricing to Dana', 'Send pricing to Dana'],
    ['Ask Dana to send the usage report', 'Ask Dana to send the usage report'],
    ['Call to confirm the pilot scope', 'Call to confirm the pilot scope'],
    ['Pricing: send to Dana', 'Pricing: send to Dana'],
    ['Email dana@buyer.example the deck', 'Email dana@buyer.example the deck'],
  ])('%s is mine', (text, title) => {
    const entry = parse(text);
    expect(entry.owner).toEqual(ME_OWNER);
    expect(entry.ownerLabel).toBe('Me');
    expect(entry.title).toBe(title);
    expect(entry.spans).toEqual([]);
    expect(entry.problems).toEqual([]);
  });

  it('prefers an exact first name to a prefix: "Dan" is Dan, not Dana', () => {
    const entry = parse('@Dan send the deck', { buyerSide: [DANA] });
    expect(entry.owner).toEqual({ type: 'user', userId: 'u-dan' });
  });

  describe('two people called Dan', () => {
    const candidates = [
      { ...DAN_BROOKS, side: 'ours' },
      { ...DAN_ORTIZ, side: 'buyer' },
    ];
    test.each([
      ['@Dan send the deck', '@Dan'],
      ['Dan to send the deck', 'Dan to'],
      ['Dan: send the deck', 'Dan:'],
    ])('%s is ambiguous', (text, span) => {
      const entry = parse(text);
      expect(entry.owner).toBeNull();
      expect(entry.ownerLabel).toBe('Pick an owner');
      expect(entry.ownerCandidates).toEqual(candidates);
      expect(entry.problems).toEqual(['"Dan" could be Dan Brooks or Dan Ortiz (buyer) — pick one']);
      expect(entry.title).toBe('Send the deck');
      expect(spanTexts(text, entry)).toEqual([`owner:${span}`]);
    });

    it('a prefix shared by two first names is ambiguous too', () => {
      const entry = parse('@Pri send the deck', { buyerSide: [{ name: 'Prisha Rao', email: 'prisha@buyer.example' }] });
      expect(entry.owner).toBeNull();
      expect(entry.ownerCandidates.map((c) => c.name)).toEqual(['Priya Nair', 'Prisha Rao']);
      expect(entry.problems).toEqual(['"Pri" could be Priya Nair or Prisha Rao (buyer) — pick one']);
    });

    it('a full name settles it', () => {
      expect(parse('@Dan Brooks send the deck').owner).toEqual({ type: 'user', userId: 'u-dan' });
      expect(parse('Dan Ortiz to send the deck').owner).toEqual({ type: 'contact', name: 'Dan Ortiz', email: 'dortiz@buyer.example' });
    });
  });

  test.each([
    ['@Zoe send the deck', 'Zoe', '@Zoe'],
    // Two letters are too few for a prefix.
    ['@Ke send the deck', 'Ke', '@Ke'],
  ])('%s: unknown name', (text, name, span) => {
    const entry = parse(text);
    expect(entry.owner).toBeNull();
    expect(entry.ownerLabel).toBe('Pick an owner');
    expect(entry.ownerCandidates).toEqual([]);
    expect(entry.problems).toEqual([`No one called "${name}" — pick an owner`]);
    expect(entry.title).toBe('Send the deck');
    expect(spanTexts(text, entry)).toEqual([`owner:${span}`]);
  });

  it('two different @-owners are a problem', () => {
    const entry = parse('@Sam @Kenji align on the rollout');
    expect(entry.owner).toBeNull();
    expect(entry.ownerCandidates.map((c) => c.name)).toEqual(['Sam Carter', 'Kenji Watanabe']);
    expect(entry.problems).toEqual(['More than one owner named (@Sam, @Kenji) — pick one']);
  });

  it('matches names without regard to case or accents', () => {
    const entry = parse('@zoe send the deck', { buyerSide: [{ name: 'Zoë Ångström', email: 'zoe@buyer.example' }] });
    expect(entry.owner).toEqual({ type: 'contact', name: 'Zoë Ångström', email: 'zoe@buyer.example' });
  });
});

describe('tags', () => {
  it('maps the known aliases onto the domain’s known tags', () => {
    expect(TAG_ALIASES).toMatchObject({ next: 'next-step', map: 'map-milestone', prospecting: 'prospecting', internal: 'internal' });
    for (const tag of Object.values(TAG_ALIASES)) expect(KNOWN_TAGS).toContain(tag);
  });

  test.each([
    ['Book follow-up #next', ['next-step'], 'Book follow-up'],
    ['Book follow-up #NEXT', ['next-step'], 'Book follow-up'],
    ['Book follow-up #next-step', ['next-step'], 'Book follow-up'],
    ['Confirm kickoff #map', ['map-milestone'], 'Confirm kickoff'],
    ['Call 10 accounts #prospecting', ['prospecting'], 'Call 10 accounts'],
    ['Update forecast #internal', ['internal'], 'Update forecast'],
    ['#internal #Q4-Renewal update forecast #internal', ['internal', 'q4-renewal'], 'Update forecast'],
    ['Update forecast #q4_renewal', ['q4-renewal'], 'Update forecast'],
    // Not tags: a number, or a "#" inside a word.
    ['Fix invoice #123', [], 'Fix invoice #123'],
    ['Port the C# sample', [], 'Port the C# sample'],
  ])('%s', (text, tags, title) => {
    const entry = parse(text);
    expect(entry.tags).toEqual(tags);
    expect(entry.title).toBe(title);
    expect(entry.problems).toEqual([]);
  });

  it('says so when a tag cannot be stored', () => {
    const text = `Update forecast #${'x'.repeat(41)}`;
    const entry = parse(text);
    expect(entry.tags).toEqual([]);
    expect(entry.problems).toEqual([`"#${'x'.repeat(41)}" is not a tag: use up to 40 letters, digits or "-"`]);
  });
});

describe('titles and spans', () => {
  it('removes every marker, collapses whitespace and capitalises', () => {
    const text = '  #next   @Dana Whitfield   share   the  security   questionnaire   by   Dec 3  #map ';
    const entry = parse(text);
    expect(entry.title).toBe('Share the security questionnaire');
    expect(entry.tags).toEqual(['next-step', 'map-milestone']);
    expect(entry.owner).toEqual({ type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@buyer.example' });
    expect(entry.dueAt).toBe('2026-12-03T22:00:00.000Z');
    expect(spanTexts(text, entry)).toEqual(['tag:#next', 'owner:@Dana Whitfield', 'due:by   Dec 3', 'tag:#map']);
  });

  it('gives spans in input order with the right offsets', () => {
    const text = 'Kenji: confirm legal review by Dec 3 #map';
    const entry = parse(text);
    expect(entry.spans).toEqual([
      { start: 0, end: 6, kind: 'owner' },
      { start: 28, end: 36, kind: 'due' },
      { start: 37, end: 41, kind: 'tag' },
    ]);
    expect(entry.title).toBe('Confirm legal review');
  });

  it('finds a leading owner after leading tags', () => {
    const text = '#next Dana to send the usage report tomorrow';
    const entry = parse(text);
    expect(entry.owner).toEqual({ type: 'contact', name: 'Dana Whitfield', email: 'dana.whitfield@buyer.example' });
    expect(spanTexts(text, entry)).toEqual(['tag:#next', 'owner:Dana to', 'due:tomorrow']);
    expect(entry.title).toBe('Send the usage report');
  });

  test.each(['', '   ', '@Sam by Friday #next', 'tomorrow'])('"%s" has no title', (text) => {
    const entry = parse(text);
    expect(entry.title).toBe('');
    expect(entry.problems).toContain('No title — say what needs to be done');
  });

  it('says when a title is too long for the domain', () => {
    const entry = parse(`Send ${'a'.repeat(200)}`);
    expect(entry.problems).toEqual(['The title is 205 characters long; at most 200']);
  });

  it('collects several problems at once', () => {
    const entry = parse('@Zoe Feb 30');
    expect(entry.problems).toEqual(['No one called "Zoe" — pick an owner', '"Feb 30" is not a date', 'No title — say what needs to be done']);
  });
});
