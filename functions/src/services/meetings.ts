import {
  type ActionItemView,
  accountableFor,
  canSeeDeal,
  canSeeItem,
  canSeeUsersWork,
  type Deal,
  type FieldIssue,
  InvalidInput,
  type Meeting,
  type MeetingOutcomesInput,
  type MeetingView,
  newActionItem,
  NotFound,
  toActionItemView,
  toMeetingView,
  type Viewer,
} from '../domain';
import type { DirectoryService, UserRef } from './directory';
import type { IdSource } from './ids';
import type { Clock, DealRepository, MeetingRepository } from './ports';

export interface MeetingOutcomes {
  meeting: MeetingView;
  items: ActionItemView[];
}

/** A meeting's outcomes: captured at once, read back with what the caller may see. */
export class MeetingService {
  constructor(
    private readonly meetings: MeetingRepository,
    private readonly deals: DealRepository,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the meeting and its items. Every item is checked before anything is written: one bad item answers 400
   * naming it and stores nothing.
   */
  async captureOutcomes(viewer: Viewer, key: string, input: MeetingOutcomesInput, ids: IdSource): Promise<MeetingOutcomes> {
    const userRefs: UserRef[] = input.items.flatMap((item, i) =>
      item.owner.type === 'user' && item.owner.userId !== viewer.userId ? [{ path: `items.${i}.owner.userId`, userId: item.owner.userId }] : [],
    );
    const [existing, issues] = await Promise.all([
      this.meetings.get(viewer.tenantId, key),
      this.directory.unknownUsers(viewer.tenantId, userRefs),
    ]);
    const meetingDealId = input.dealId ?? existing?.dealId ?? null;
    const deals = await this.dealsById(viewer.tenantId, [meetingDealId, ...input.items.map((i) => i.dealId ?? null)]);

    // Deals named in this request must be visible to the caller; one inherited from an earlier capture need only exist.
    const dealIssue = (dealId: string | undefined, path: string): FieldIssue[] => {
      if (dealId === undefined) return [];
      const deal = deals.get(dealId);
      return deal && canSeeDeal(viewer, deal) ? [] : [{ path, message: 'No such deal' }];
    };
    issues.push(...dealIssue(input.dealId, 'dealId'));
    input.items.forEach((item, i) => issues.push(...dealIssue(item.dealId, `items.${i}.dealId`)));
    if (issues.length > 0) throw new InvalidInput(issues);

    const now = this.clock.now();
    const stamp = now.toISOString();
    const meeting: Omit<Meeting, 'id' | 'etag'> = {
      tenantId: viewer.tenantId,
      type: 'meeting',
      key,
      subject: input.meeting.subject,
      start: input.meeting.start,
      end: input.meeting.end,
      organizer: input.meeting.organizer ?? existing?.organizer ?? null,
      attendees: input.meeting.attendees,
      dealId: meetingDealId,
      createdBy: existing?.createdBy ?? viewer.userId,
      createdAt: existing?.createdAt ?? stamp,
      updatedAt: stamp,
    };
    const items = input.items.map((item) => {
      const dealId = item.dealId ?? meetingDealId;
      const dealOwnerId = dealId ? (deals.get(dealId)?.ownerId ?? null) : null;
      return newActionItem(item, {
        id: ids.next(),
        tenantId: viewer.tenantId,
        createdBy: viewer.userId,
        accountableId: accountableFor(item.owner, { dealOwnerId, createdBy: viewer.userId }),
        source: 'meeting',
        meetingKey: key,
        dealId,
        now,
      });
    });
    const saved = await this.meetings.saveCapture(meeting, items);
    return { meeting: toMeetingView(saved.meeting), items: saved.items.map((item) => toActionItemView(item, now)) };
  }

  /** The meeting with the items the caller may see; 404 when the caller has no part in it. */
  async get(viewer: Viewer, key: string): Promise<MeetingOutcomes> {
    const [meeting, items] = await Promise.all([
      this.meetings.get(viewer.tenantId, key),
      this.meetings.listItems(viewer.tenantId, key),
    ]);
    if (!meeting) throw new NotFound('The meeting');
    const visible = items.filter((item) => canSeeItem(viewer, item));
    if (visible.length === 0 && !this.takesPart(viewer, meeting)) throw new NotFound('The meeting');
    const now = this.clock.now();
    return { meeting: toMeetingView(meeting), items: visible.map((item) => toActionItemView(item, now)) };
  }

  private takesPart(viewer: Viewer, meeting: Meeting): boolean {
    const email = viewer.email.toLowerCase();
    return (
      canSeeUsersWork(viewer, meeting.createdBy) ||
      meeting.organizer?.email === email ||
      meeting.attendees.some((a) => a.email === email)
    );
  }

  private async dealsById(tenantId: string, ids: (string | null)[]): Promise<Map<string, Deal>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    if (wanted.length === 0) return new Map();
    const found = wanted.length === 1 ? [await this.deals.get(tenantId, wanted[0] as string)] : await this.deals.getMany(tenantId, wanted);
    return new Map(found.filter((d): d is Deal => d !== null).map((d) => [d.id, d]));
  }
}
