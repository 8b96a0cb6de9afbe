import type { AuditEntryReply } from '../../../../functions/src/domain/replies';
import type { AuditVia } from '../../../../functions/src/domain/vocabulary';
import { formatDay } from '../../ui/format';
import { SLIP_CHOICES } from '../capture/slip-choices';

type Change = AuditEntryReply['changes'][number];

/** How the entry came in, in the user's words. The API cannot tell the tab from the task pane or a script. */
const VIA_LABEL: Record<AuditVia, string> = { api: 'API', card: 'Teams card', 'shared-link': 'shared link', timer: 'timer', admin: 'admin' };

const LADDER_PHRASE: Record<string, string> = {
  'remind-owner': 'reminded the owner',
  'notify-manager': 'told the manager',
  'flag-agenda': 'put it on the review agenda',
};

/** A step with nobody to take it to (a team without a manager; the owner gone from the directory). */
const NO_RECIPIENT_PHRASE: Record<string, string> = {
  'remind-owner': 'found nobody to remind',
  'notify-manager': 'found no manager to tell',
  'flag-agenda': 'found no review agenda to put it on',
};

const STATUS_PHRASE: Record<string, string> = { done: 'marked it done', open: 'reopened it', cancelled: 'cancelled it' };

export interface DescribeContext {
  timeZone: string;
  /** Display names of the users the page's entries name (the reply's `people`). */
  people: Record<string, string>;
  now: Date;
}

/**
 * One history entry as a sentence: "Priya Shah changed due date from Mon 30 Nov to Fri 4 Dec (reason: waiting on
 * the buyer) · via API · 14:02", "overdue-sweep reminded the owner · via timer · 09:05".
 */
export function describeEntry(entry: AuditEntryReply, ctx: DescribeContext): { who: string; what: string; via: string; when: string } {
  return { who: actor(entry, ctx), what: whatHappened(entry, ctx), via: `via ${VIA_LABEL[entry.via]}`, when: whenLabel(entry.at, ctx) };
}

function actor(entry: AuditEntryReply, ctx: DescribeContext): string {
  switch (entry.by.kind) {
    case 'user':
      return entry.by.displayName ?? (entry.by.userId ? ctx.people[entry.by.userId] : undefined) ?? 'A former colleague';
    case 'system':
      return entry.by.name ?? 'Followthrough';
    case 'buyer':
      return 'The buyer';
  }
}

function whatHappened(entry: AuditEntryReply, ctx: DescribeContext): string {
  const field = (name: string) => entry.changes.find((c) => c.field === name);
  if (entry.action === 'delete') return 'deleted it';
  if (entry.action === 'create') {
    const due = field('dueAt');
    const source = field('source')?.after;
    const verb = source === 'meeting' ? 'captured it in a meeting' : source === 'review' ? 'committed to it in a review' : 'created it';
    return due ? `${verb}, due ${day(due.after, ctx)}` : verb;
  }
  const ownerChanged = field('owner') !== undefined;
  // The ladder's flag step already says "put it on the review agenda"; its stamp need not say it twice.
  const flaggedByLadder = entry.changes.some((c) => c.field === 'nudge' && (c.after as { action?: string } | null)?.action === 'flag-agenda');
  const phrases = entry.changes.flatMap((change) => {
    if (change.field === 'slip' || (change.field === 'accountableId' && ownerChanged)) return [];
    if (change.field === 'flaggedForReviewAt' && flaggedByLadder) return [];
    return [phrase(change, entry, ctx)];
  });
  return phrases.length > 0 ? phrases.join('; ') : 'changed it';
}

function phrase(change: Change, entry: AuditEntryReply, ctx: DescribeContext): string {
  switch (change.field) {
    case 'dueAt': {
      const slip = entry.changes.find((c) => c.field === 'slip')?.after as { reason?: string; note?: string | null } | undefined;
      return `changed due date from ${day(change.before, ctx)} to ${day(change.after, ctx)}${slip ? ` (${slipWords(slip)})` : ''}`;
    }
    case 'status':
      return STATUS_PHRASE[String(change.after)] ?? `set the status to ${String(change.after)}`;
    case 'title':
      return `renamed it from “${String(change.before)}” to “${String(change.after)}”`;
    case 'notes':
      return change.after ? (change.before ? 'changed the notes' : 'added notes') : 'removed the notes';
    case 'owner':
      return `changed owner from ${owner(change.before, ctx)} to ${owner(change.after, ctx)}`;
    case 'accountableId':
      return `made ${person(change.after, ctx)} accountable instead of ${person(change.before, ctx)}`;
    case 'tags':
      return `changed tags to ${tags(change.after)}`;
    case 'dealId':
      return change.after ? (change.before ? 'moved it to another deal' : 'linked it to a deal') : 'took it off its deal';
    case 'flaggedForReviewAt':
      return change.after ? 'put it on the review agenda' : 'took it off the review agenda';
    case 'snooze': {
      const snooze = change.after as { restartsAt?: string };
      return `snoozed the next reminder until ${day(snooze.restartsAt, ctx)}`;
    }
    case 'nudge': {
      const step = change.after as { action?: string; outcome?: string };
      return (step.outcome === 'no-recipient' ? NO_RECIPIENT_PHRASE : LADDER_PHRASE)[step.action ?? ''] ?? 'took a step of the escalation ladder';
    }
    default:
      return `changed ${change.field}`;
  }
}

function slipWords(slip: { reason?: string; note?: string | null }): string {
  const label = SLIP_CHOICES.find((c) => c.reason === slip.reason)?.label ?? slip.reason ?? 'no reason';
  return `reason: ${label.toLowerCase()}${slip.note ? ` — “${slip.note}”` : ''}`;
}

function owner(value: unknown, ctx: DescribeContext): string {
  const o = value as { type?: string; userId?: string; name?: string } | null;
  if (!o) return 'nobody';
  return o.type === 'contact' ? `${o.name ?? 'a contact'} (buyer)` : person(o.userId, ctx);
}

function person(userId: unknown, ctx: DescribeContext): string {
  return (typeof userId === 'string' ? ctx.people[userId] : undefined) ?? 'a former colleague';
}

function tags(value: unknown): string {
  const list = Array.isArray(value) ? (value as string[]) : [];
  return list.length > 0 ? list.map((t) => `#${t}`).join(' ') : 'none';
}

function day(iso: unknown, ctx: DescribeContext): string {
  return typeof iso === 'string' ? formatDay(iso, ctx.timeZone) : 'no date';
}

/** The time of day for today's entries, with the day for older ones. */
function whenLabel(iso: string, ctx: DescribeContext): string {
  const time = new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: ctx.timeZone });
  const sameDay = formatDay(iso, ctx.timeZone) === formatDay(ctx.now.toISOString(), ctx.timeZone) && Math.abs(ctx.now.getTime() - Date.parse(iso)) < 86_400_000;
  return sameDay ? time : `${formatDay(iso, ctx.timeZone)}, ${time}`;
}
