import type { IAdaptiveCard } from '@microsoft/teams.cards';
import type { DigestContent, Notification } from '../domain';
import { DIGEST_CARD_ROWS, MAX_CARD_NOTIFICATIONS } from '../domain/card-action';
import type { CardContext } from '../services/card-states';
import type { OutgoingMessage } from '../services/ports';
import { actions, type CardRef, closedLine, dueLine, type Element, escalationSection, execute, facts, itemSection, markdownSafe, newDateForm, openUrl, section, text } from './card-parts';
import { tabLink } from './links';

const HEADINGS: Partial<Record<Notification['kind'], string>> = {
  reminder: 'Reminder',
  'buyer-chase': 'Chase the buyer',
  'agenda-flag': 'On your next review agenda',
};

/**
 * The one card a message is sent as: each of its notifications a section (a reminder, an escalation, a digest, a
 * deal), so several notifications of one user due together are one card. It shows them as they stand now (`context`):
 * an item done meanwhile reads done. Every button is an Action.Execute (Universal Actions) carrying the message's id,
 * so the answer shows the whole card again; `refresh` makes Teams fetch the current card whenever its
 * recipient sees it, so it changes in place — never a second card — when its items change elsewhere.
 *
 * Plain Adaptive Card JSON typed by @microsoft/teams.cards' schema types: its builders write every default
 * (`requires`, `isVisible`, `spacing`, `mode`…) into every element, which about triples a digest card against Teams'
 * 28 KB limit.
 */
export function cardFor(message: OutgoingMessage, context: CardContext): IAdaptiveCard {
  const ref: CardRef = { m: message.id };
  // A card of many sections is cut short of Teams' limit; the rest are "and N more".
  for (let count = Math.min(message.notifications.length, MAX_CARD_NOTIFICATIONS); ; count--) {
    const card = drawn(message, message.notifications.slice(0, count), ref, context);
    if (count <= 1 || JSON.stringify(card).length <= MAX_CARD_CHARACTERS) return card;
  }
}

/** Teams takes a card message of about 28 KB: the card stays below this, with room for the activity around it. */
const MAX_CARD_CHARACTERS = 24_000;

function drawn(message: OutgoingMessage, shown: Notification[], ref: CardRef, context: CardContext): IAdaptiveCard {
  const body: Element[] = [];
  if (context.banner) body.push(text(context.banner, { color: 'Warning', weight: 'Bolder' }));
  const sections = distinct(shown);
  if (sections.length > 1) body.push(text(`${sections.length} things need you`, { size: 'Large', weight: 'Bolder' }));
  sections.forEach((n, i) => body.push(section(sectionFor(n, ref, context), i > 0)));
  const left = message.notifications.length - shown.length;
  if (left > 0) {
    body.push(text(`And ${left} more in Followthrough.`, { isSubtle: true }));
    body.push(actions(openUrl('Open my commitments', tabLink(context.links, 'commitments', 'mine'))));
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: shown.map((n) => n.text).join('\n'),
    refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: ref }, userIds: context.refreshUserIds },
    body,
  };
}

/** The rep's own kinds of reminder about an item, the weightiest first: an item reminded of twice is one section. */
const ITEM_KINDS: Notification['kind'][] = ['agenda-flag', 'buyer-chase', 'reminder'];

/** One section per notification, but one per item for the rep's own reminders (the weightiest kind's). */
function distinct(notifications: Notification[]): Notification[] {
  const best = new Map<string, Notification>();
  for (const n of notifications) {
    if (!n.itemId || !ITEM_KINDS.includes(n.kind)) continue;
    const held = best.get(n.itemId);
    if (!held || ITEM_KINDS.indexOf(n.kind) < ITEM_KINDS.indexOf(held.kind)) best.set(n.itemId, n);
  }
  const seen = new Set<string>();
  return notifications.flatMap((n) => {
    if (!n.itemId || !ITEM_KINDS.includes(n.kind)) return [n];
    if (seen.has(n.itemId)) return [];
    seen.add(n.itemId);
    return [best.get(n.itemId) as Notification];
  });
}

function sectionFor(n: Notification, ref: CardRef, context: CardContext): Element[] {
  const title = n.templateParameters.title;
  switch (n.kind) {
    case 'reminder':
    case 'buyer-chase':
    case 'agenda-flag':
      return n.itemId ? itemSection(n.itemId, ref, context, { heading: HEADINGS[n.kind], fallbackTitle: title }) : [text(n.text)];
    case 'escalation':
      return n.itemId ? escalationSection(n.itemId, ref, context, title) : [text(n.text)];
    case 'daily-digest':
      return n.digest?.kind === 'daily' ? dailyDigest(n.digest, ref, context) : [text(n.text), actions(openUrl('Open my commitments', tabLink(context.links, 'commitments', 'mine')))];
    case 'weekly-digest':
      return n.digest?.kind === 'weekly' ? weeklyDigest(n.digest, context) : [text(n.text), actions(openUrl('Open the team', tabLink(context.links, 'reviews', 'team')))];
    case 'stale-deal':
    case 'no-next-step':
      return [
        text(n.kind === 'stale-deal' ? 'Deal gone quiet' : 'No next step', { size: 'Small', isSubtle: true, spacing: 'None' }),
        text(n.text, { weight: 'Bolder', spacing: 'Small' }),
        ...(n.dealId ? [actions(openUrl('Open the deal', tabLink(context.links, 'commitments', `deal:${n.dealId}`)))] : []),
      ];
  }
}

/** A rep's day: each item due today or overdue with Done / New date, ten rows, then "and 7 more". */
function dailyDigest(digest: Extract<DigestContent, { kind: 'daily' }>, ref: CardRef, context: CardContext): Element[] {
  const rows = digest.rows.slice(0, DIGEST_CARD_ROWS);
  // The digest keeps its first rows only: with more items than rows, the split is not known.
  const overdue = digest.rows.filter((r) => r.daysOverdue > 0).length;
  const dueToday = digest.rows.length - overdue;
  const head =
    digest.total > digest.rows.length
      ? `${digest.total} due today or overdue`
      : [dueToday ? `${dueToday} due today` : '', overdue ? `${overdue} overdue` : ''].filter(Boolean).join(', ');
  const body: Element[] = [text('Your day', { size: 'Small', isSubtle: true, spacing: 'None' }), text(head || 'Nothing due today', { size: 'Large', weight: 'Bolder', spacing: 'Small' })];
  rows.forEach((row, i) => {
    const state = context.items.get(row.itemId);
    const item = state?.item;
    const items: Element[] = [];
    if (!item) items.push(text('This item was removed', { weight: 'Bolder' }), text(`“${markdownSafe(row.title)}”`, { isSubtle: true, spacing: 'None' }));
    else {
      items.push(text(markdownSafe(item.title), { weight: 'Bolder' }));
      const notice = context.notices.get(item.id);
      if (item.status !== 'open') items.push(text(closedLine(state, context), { color: 'Good', spacing: 'None' }));
      else items.push(text([dueLine(item, context), state.deal?.name].filter(Boolean).join(' · '), { isSubtle: true, size: 'Small', spacing: 'None' }));
      if (notice) items.push(text(notice, { color: 'Accent', size: 'Small' }));
      const form = context.forms.get(item.id);
      if (item.status === 'open' && form) items.push(...newDateForm(item, form, ref, context));
      else if (item.status === 'open') {
        const about = { item: item.id, etag: item.etag };
        items.push(actions(execute('Done', 'done', ref, about, { style: 'positive' }), execute('New date', 'newDateForm', ref, about)));
      }
    }
    body.push({ type: 'Container', items, spacing: 'Medium', separator: i > 0 });
  });
  const more = digest.total - rows.length;
  if (more > 0) body.push(text(`and ${more} more`, { isSubtle: true }));
  body.push(actions(openUrl('Open my commitments', tabLink(context.links, 'commitments', 'mine'))));
  return body;
}

/** A manager's week: the team's overdue items by person, slips by reason, deals at risk. */
function weeklyDigest(week: Extract<DigestContent, { kind: 'weekly' }>, context: CardContext): Element[] {
  const byOwner = week.overdueByOwner.map((o) => `${o.name} ${o.overdue}`).join(', ');
  const deals = week.dealsAtRisk.map((d) => d.account).join(', ');
  return [
    text("Your team's week", { size: 'Large', weight: 'Bolder' }),
    ...facts(
      ['Overdue', week.overdue ? `${week.overdue}${byOwner ? ` (${byOwner})` : ''}` : 'none'],
      ['Slips this week', week.slips.total ? `${week.slips.total}: ${week.slips.skill} skill, ${week.slips.cantDo} can't do, ${week.slips.other} other` : 'none'],
      ['Deals at risk', deals || 'none'],
    ),
    actions(openUrl('Open the team', tabLink(context.links, 'reviews', 'team'))),
  ];
}
