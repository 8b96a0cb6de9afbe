import type { CardElementArray, IActionSet, IContainer, IExecuteAction, IFact, IOpenUrlAction, ITextBlock } from '@microsoft/teams.cards';
import { type ActionItem, daysOverdue, isOverdue, localTime } from '../domain';
import { SLIP_CHOICES, SLIP_PHRASES } from '../domain/slip-choices';
import type { CardVerb } from '../domain/card-action';
import { clock } from '../services/card-actions';
import type { CardContext, CardItemState, NewDateForm } from '../services/card-states';
import { tabLink } from './links';

/** What every button of one card carries besides its own fields: the message it went out in. */
export interface CardRef {
  m: string;
}

export type Element = CardElementArray[number];

export function text(value: string, style: Partial<Omit<ITextBlock, 'type' | 'text'>> = {}): ITextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...style };
}

export function execute(title: string, verb: CardVerb, ref: CardRef, fields: Record<string, string> = {}, style: Partial<IExecuteAction> = {}): IExecuteAction {
  return { type: 'Action.Execute', title, verb, data: { ...ref, ...fields }, associatedInputs: 'none', ...style };
}

export function openUrl(title: string, url: string): IOpenUrlAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function actions(...list: (IExecuteAction | IOpenUrlAction)[]): IActionSet {
  return { type: 'ActionSet', actions: list };
}

export function section(items: Element[], separator: boolean): IContainer {
  return { type: 'Container', items, ...(separator ? { separator: true, spacing: 'Large' } : {}) };
}

const dayFormat = new Map<string, Intl.DateTimeFormat>();

/** "Tue 1 Dec" in the user's zone. */
export function day(at: Date, timeZone: string): string {
  let f = dayFormat.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' });
    dayFormat.set(timeZone, f);
  }
  return f.format(at).replace(',', '');
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/** When an open item is due, as the user reads it: "Due today at 17:00", "4 days overdue (due Tue 1 Dec)". */
export function dueLine(item: ActionItem, context: CardContext): string {
  const due = new Date(item.dueAt);
  const late = daysOverdue(item, context.now);
  if (late > 0) return `${days(late)} overdue (due ${day(due, context.timeZone)})`;
  if (isOverdue(item, context.now)) return `Overdue since ${clock(due, context.timeZone)} today`;
  const today = localTime(context.now, context.timeZone).date === localTime(due, context.timeZone).date;
  return today ? `Due today at ${clock(due, context.timeZone)}` : `Due ${day(due, context.timeZone)} at ${clock(due, context.timeZone)}`;
}

/** Whom the item is with: "Chase Dana Whitfield" for a buyer-side item, else the accountable user ("You"). */
export function ownerLine(state: CardItemState, context: CardContext): string {
  const item = state.item as ActionItem;
  if (item.owner.type === 'contact') return `Chase ${item.owner.name}`;
  return state.accountable.userId === context.viewerId ? 'You' : state.accountable.displayName;
}

export function dealLine(state: CardItemState): string | null {
  return state.deal ? `${state.deal.name} (${state.deal.account})` : null;
}

/** How a closed item reads: "Done by you at 14:02". */
export function closedLine(state: CardItemState, context: CardContext): string {
  const item = state.item as ActionItem;
  if (item.status === 'cancelled') return 'Cancelled.';
  const at = item.completedAt ? new Date(item.completedAt) : context.now;
  const when = localTime(at, context.timeZone).date === localTime(context.now, context.timeZone).date ? `at ${clock(at, context.timeZone)}` : `on ${day(at, context.timeZone)}`;
  const who = state.completedBy ? (state.completedBy.userId === context.viewerId ? 'you' : state.completedBy.displayName) : null;
  return who ? `Done by ${who} ${when}` : `Done ${when}`;
}

/** A FactSet of the facts that have a value; none when none has. */
export function facts(...list: [string, string | null][]): Element[] {
  const shown: IFact[] = list.filter((f): f is [string, string] => f[1] !== null).map(([title, value]) => ({ title, value }));
  return shown.length > 0 ? [{ type: 'FactSet', facts: shown }] : [];
}

/** The New date form: the date, the reason (required), a note ("other" needs one), and each field's error beside it. */
export function newDateForm(item: ActionItem, form: NewDateForm, ref: CardRef, context: CardContext): Element[] {
  const error = (message: string | undefined): Element[] => (message ? [text(message, { color: 'Attention', size: 'Small', spacing: 'None' })] : []);
  return [
    { type: 'Input.Date', id: 'dueDate', label: 'New date', isRequired: true, value: form.dueDate || undefined, min: localTime(context.now, context.timeZone).date },
    ...error(form.errors.dueDate),
    {
      type: 'Input.ChoiceSet',
      id: 'reason',
      label: 'Why does it move?',
      isRequired: true,
      style: 'expanded',
      value: form.reason || undefined,
      choices: SLIP_CHOICES.map((c) => ({ title: c.label, value: c.reason })),
    },
    ...error(form.errors.reason),
    { type: 'Input.Text', id: 'note', label: 'Note (needed for something else)', isMultiline: true, maxLength: 1000, value: form.note || undefined },
    ...error(form.errors.note),
    actions(
      { ...execute('Save new date', 'newDate', ref, { item: item.id, etag: item.etag }, { style: 'positive' }), associatedInputs: 'auto' },
      execute('Cancel', 'cancel', ref, { item: item.id, etag: item.etag }),
    ),
  ];
}

/** One of the rep's own items: what it is, when, whose, and Done / New date / Snooze / Open while it is open. */
export function itemSection(itemId: string, ref: CardRef, context: CardContext, options: { heading?: string; fallbackTitle?: string; snooze?: boolean } = {}): Element[] {
  const state = context.items.get(itemId);
  const heading = options.heading ? [text(options.heading, { size: 'Small', isSubtle: true, spacing: 'None' })] : [];
  const notice = context.notices.get(itemId);
  const noticeLine = notice ? [text(notice, { color: 'Accent', size: 'Small' })] : [];
  if (!state?.item) return [...heading, text('This item was removed', { weight: 'Bolder' }), ...(options.fallbackTitle ? [text(`“${options.fallbackTitle}”`, { isSubtle: true, spacing: 'None' })] : [])];
  const item = state.item;
  const title = text(markdownSafe(item.title), { weight: 'Bolder', size: 'Medium', spacing: 'Small' });
  const open = openUrl('Open', tabLink(context.links, 'commitments', `item:${item.id}`));
  if (item.status !== 'open') {
    return [...heading, title, ...facts(['Deal', dealLine(state)]), text(closedLine(state, context), { color: item.status === 'done' ? 'Good' : 'Default', weight: 'Bolder' }), ...noticeLine, actions(open)];
  }
  const details = facts(['Deal', dealLine(state)], ['Due', dueLine(item, context)], ['Owner', ownerLine(state, context)]);
  const form = context.forms.get(item.id);
  if (form) return [...heading, title, ...details, ...noticeLine, ...newDateForm(item, form, ref, context)];
  const about = { item: item.id, etag: item.etag };
  const buttons = [
    execute('Done', 'done', ref, about, { style: 'positive' }),
    execute('New date', 'newDateForm', ref, about),
    ...(options.snooze === false ? [] : [execute('Snooze 1 day', 'snooze', ref, { ...about, until: 'tomorrow' }), execute('Until Monday', 'snooze', ref, { ...about, until: 'monday' })]),
    open,
  ];
  return [...heading, title, ...details, ...noticeLine, actions(...buttons)];
}

/** The manager's view of a rep's overdue item: "Priya's _Send pricing_ is 4 days overdue (waiting on the buyer)". */
export function escalationSection(itemId: string, ref: CardRef, context: CardContext, fallbackTitle: string | undefined): Element[] {
  const state = context.items.get(itemId);
  const heading = text('Escalation', { size: 'Small', isSubtle: true, spacing: 'None' });
  if (!state?.item) return [heading, text('This item was removed', { weight: 'Bolder' }), ...(fallbackTitle ? [text(`“${fallbackTitle}”`, { isSubtle: true, spacing: 'None' })] : [])];
  const item = state.item;
  const rep = state.accountable;
  const firstName = rep.displayName.split(' ')[0] || rep.displayName;
  const review = openUrl('Open review', tabLink(context.links, 'reviews', `review:${rep.userId}`));
  const notice = context.notices.get(itemId);
  const noticeLine = notice ? [text(notice, { color: 'Accent', size: 'Small' })] : [];
  if (item.status !== 'open') {
    return [heading, text(`${firstName}'s _${markdownSafe(item.title)}_ is closed`, { weight: 'Bolder' }), text(closedLine(state, context), { color: 'Good' }), ...noticeLine, actions(review)];
  }
  const late = daysOverdue(item, context.now);
  const lastSlip = item.slips[item.slips.length - 1];
  const why = lastSlip ? ` (${lastSlip.reason === 'other' ? lastSlip.note || 'another reason' : SLIP_PHRASES[lastSlip.reason]})` : '';
  const headline = `${firstName}'s _${markdownSafe(item.title)}_ is ${late > 0 ? `${days(late)} overdue` : 'due now'}${why}`;
  const about = { item: item.id, etag: item.etag };
  const flagged = item.flaggedForReviewAt !== null;
  return [
    heading,
    text(headline, { weight: 'Bolder', size: 'Medium', spacing: 'Small' }),
    ...facts(['Deal', dealLine(state)], ['Due', day(new Date(item.dueAt), context.timeZone)], ['Owner', item.owner.type === 'contact' ? `${rep.displayName}, chasing ${item.owner.name}` : rep.displayName]),
    ...(flagged && !notice ? [text(`On ${firstName}'s next review agenda.`, { isSubtle: true, size: 'Small' })] : []),
    ...noticeLine,
    actions(execute('Nudge', 'nudge', ref, about, { style: 'positive' }), ...(flagged ? [] : [execute('Add to agenda', 'agenda', ref, about)]), review),
  ];
}

/** Teams renders TextBlock text as markdown: a title's own `_` or `*` must not start emphasis. */
export function markdownSafe(value: string): string {
  return value.replace(/([\\*_`[\]])/g, '\\$1');
}
