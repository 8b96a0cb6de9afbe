import { type ActionItem, daysOverdue, isOverdue } from './action-item';
import type { Deal } from './deal';
import type { Meeting } from './meeting';

/** An action item as the API returns it: stored fields plus what is computed against now. */
export type ActionItemView = Omit<ActionItem, 'type' | 'deleted' | 'tenantId'> & { overdue: boolean; daysOverdue: number };
export type DealView = Omit<Deal, 'type' | 'tenantId'>;
export type MeetingView = Omit<Meeting, 'type' | 'tenantId' | 'id'>;

export function toActionItemView(item: ActionItem, now: Date): ActionItemView {
  const { type: _type, deleted: _deleted, tenantId: _tenantId, ...fields } = item;
  return { ...fields, overdue: isOverdue(item, now), daysOverdue: daysOverdue(item, now) };
}

export function toDealView(deal: Deal): DealView {
  const { type: _type, tenantId: _tenantId, ...fields } = deal;
  return fields;
}

export function toMeetingView(meeting: Meeting): MeetingView {
  const { type: _type, tenantId: _tenantId, id: _id, ...fields } = meeting;
  return fields;
}
