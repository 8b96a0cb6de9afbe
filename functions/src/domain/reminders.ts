import { type ActionItem, daysOverdue } from './action-item';
import type { ActivityType, DigestContent, NotificationKind } from './notification';
import type { LadderAction } from './traps';

export interface Message {
  kind: NotificationKind;
  activityType: ActivityType;
  text: string;
  templateParameters: Record<string, string>;
  /** A digest's rows or sums, for the channels that show more than a sentence (a card). */
  digest?: DigestContent;
}

const quote = (title: string) => `“${title.length > 80 ? `${title.slice(0, 79)}…` : title}”`;
const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/**
 * What a ladder step says, and to whom it is addressed. The owner is reminded (for a buyer-side item: asked to chase
 * the buyer), the manager is told, and a flagged item's owner learns it will be discussed.
 */
export function ladderMessage(action: LadderAction, item: ActionItem, now: Date, ownerName: string): Message {
  const late = daysOverdue(item, now);
  const title = quote(item.title);
  if (action === 'notify-manager') {
    return {
      kind: 'escalation',
      activityType: 'teamItemOverdue',
      text: `${ownerName}'s item ${title} is ${days(late)} overdue`,
      templateParameters: { owner: ownerName, title: item.title, daysOverdue: String(late) },
    };
  }
  if (action === 'flag-agenda') {
    return {
      kind: 'agenda-flag',
      activityType: 'agendaFlagged',
      text: `${title} is ${days(late)} overdue and goes on your next review agenda`,
      templateParameters: { title: item.title },
    };
  }
  if (item.owner.type === 'contact') {
    const contact = item.owner.name;
    return {
      kind: 'buyer-chase',
      activityType: 'chaseBuyer',
      text: late > 0 ? `Chase ${contact} on ${title}: ${days(late)} overdue` : `Chase ${contact} on ${title}: due now`,
      templateParameters: { contact, title: item.title },
    };
  }
  if (late > 0) {
    return { kind: 'reminder', activityType: 'itemOverdue', text: `${title} is ${days(late)} overdue`, templateParameters: { title: item.title, daysOverdue: String(late) } };
  }
  return { kind: 'reminder', activityType: 'itemDue', text: `${title} is due now`, templateParameters: { title: item.title, when: 'now' } };
}
