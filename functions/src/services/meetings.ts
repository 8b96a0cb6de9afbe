import {
  type ActionItemView,
  accountableFor,
  type AuditVia,
  canSeeDeal,
  canSeeItem,
  canSeeUsersWork,
  Conflict,
  type Deal,
  type FieldIssue,
  InvalidInput,
  type Meeting,
  type MeetingOutcomesInput,
  type MeetingView,
  newActionItem,
  NotFound,
  PreconditionFailed,
  toActionItemView,
  toMeetingView,
  type Viewer,
} from '../domain';
import { type AuditTrail, auditBy, itemCreated } from './audit';
import type { DirectoryService, UserRef } from './directory';
import type { ErasedContactCheck } from './erasure';
import type { IdSource } from './ids';
import type { Clock, DealRepository, MeetingRepository, MeetingWrite } from './ports';

/** A capture that keeps losing the race for its meeting record (create or replace) gives up after this many tries. */
const CAPTURE_ATTEMPTS = 4;

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
    private readonly audit: AuditTrail,
    /** Contacts erased while this capture was under way leave again at once (services/erasure.ts). */
    private readonly erased: ErasedContactCheck | null = null,
  ) {}

  /**
   * Records the meeting and its items. Every item is checked before anything is written: one bad item answers 400
   * naming it and stores nothing.
   *
   * A meeting is one record whoever captures on it (every attendee's copy of an Outlook meeting and its Teams meeting
   * resolve to one key). The first capture creates it; only its creator rewrites its subject, time and people later.
   * Anyone else who captures adds their items and changes nothing of the meeting. The meeting's deal stays unless the
   * deal's owner names another. Items join only deals the caller can see: a deal named in the request must be visible
   * (400 otherwise); the meeting's deal is inherited only when the caller can see it.
   *
   * Two first captures at the same moment both try to create the meeting; the one that loses sees the winner's record
   * and is worked out again as a later capture, with the same item ids — so every item is kept, none twice.
   */
  async captureOutcomes(viewer: Viewer, key: string, input: MeetingOutcomesInput, ids: IdSource, via: AuditVia = 'api'): Promise<MeetingOutcomes> {
    const userRefs: UserRef[] = input.items.flatMap((item, i) =>
      item.owner.type === 'user' && item.owner.userId !== viewer.userId ? [{ path: `items.${i}.owner.userId`, userId: item.owner.userId }] : [],
    );
    const issues = await this.directory.unknownUsers(viewer.tenantId, userRefs);
    const itemIds = input.items.map(() => ids.next());
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.capture(viewer, key, input, itemIds, [...issues], via);
      } catch (error) {
        // Someone else created or changed the meeting between our read and our write: read it again.
        const lostRace = error instanceof Conflict || error instanceof PreconditionFailed;
        if (!lostRace || attempt >= CAPTURE_ATTEMPTS) throw error;
      }
    }
  }

  private async capture(viewer: Viewer, key: string, input: MeetingOutcomesInput, itemIds: string[], issues: FieldIssue[], via: AuditVia): Promise<MeetingOutcomes> {
    const existing = await this.meetings.get(viewer.tenantId, key);
    const deals = await this.dealsById(viewer.tenantId, [existing?.dealId ?? null, input.dealId ?? null, ...input.items.map((i) => i.dealId ?? null)]);
    const visible = (dealId: string | null | undefined): Deal | null => {
      const deal = dealId ? deals.get(dealId) : undefined;
      return deal && canSeeDeal(viewer, deal) ? deal : null;
    };
    // Deals named in this request must be visible to the caller.
    const dealIssue = (dealId: string | undefined, path: string): FieldIssue[] => (dealId === undefined || visible(dealId) ? [] : [{ path, message: 'No such deal' }]);
    issues.push(...dealIssue(input.dealId, 'dealId'));
    input.items.forEach((item, i) => issues.push(...dealIssue(item.dealId, `items.${i}.dealId`)));
    if (issues.length > 0) throw new InvalidInput(issues);

    const now = this.clock.now();
    const stamp = now.toISOString();
    let write: MeetingWrite;
    if (!existing) {
      write = {
        kind: 'create',
        meeting: {
          tenantId: viewer.tenantId,
          type: 'meeting',
          key,
          subject: input.meeting.subject,
          start: input.meeting.start,
          end: input.meeting.end,
          organizer: input.meeting.organizer ?? null,
          attendees: input.meeting.attendees,
          dealId: input.dealId ?? null,
          createdBy: viewer.userId,
          createdAt: stamp,
          updatedAt: stamp,
        },
      };
    } else {
      const creator = existing.createdBy === viewer.userId;
      const currentDeal = existing.dealId ? (deals.get(existing.dealId) ?? null) : null;
      // The deal's owner may move the meeting to another deal; the creator may give a meeting without one its deal.
      const movesDeal =
        input.dealId !== undefined && input.dealId !== existing.dealId && (currentDeal ? currentDeal.ownerId === viewer.userId : creator);
      const dealId = movesDeal ? (input.dealId as string) : existing.dealId;
      write = creator
        ? {
            kind: 'replace',
            meeting: {
              ...existing,
              subject: input.meeting.subject,
              start: input.meeting.start,
              end: input.meeting.end,
              organizer: input.meeting.organizer ?? existing.organizer,
              attendees: input.meeting.attendees,
              dealId,
              updatedAt: stamp,
            },
          }
        : movesDeal
          ? { kind: 'replace', meeting: { ...existing, dealId, updatedAt: stamp } }
          : { kind: 'keep', meeting: existing };
    }

    const meetingDeal = visible(write.meeting.dealId);
    const items = input.items.map((item, i) => {
      const deal = visible(item.dealId) ?? visible(input.dealId) ?? meetingDeal;
      return newActionItem(item, {
        id: itemIds[i] as string,
        tenantId: viewer.tenantId,
        createdBy: viewer.userId,
        accountableId: accountableFor(item.owner, { dealOwnerId: deal?.ownerId ?? null, createdBy: viewer.userId }),
        source: 'meeting',
        meetingKey: key,
        dealId: deal?.id ?? null,
        now,
      });
    });
    const saved = await this.meetings.saveCapture(write, items);
    await this.audit.record(auditBy(viewer, via), saved.items.map(itemCreated));
    if (this.erased && (await this.erased.afterWrite(viewer.tenantId, [saved.meeting, saved.items])).length > 0) {
      // It named a contact erased meanwhile, now removed from what it stored: answer what is stored.
      const [meeting, stored] = await Promise.all([this.meetings.get(viewer.tenantId, key), this.meetings.listItems(viewer.tenantId, key)]);
      const mine = new Set(saved.items.map((item) => item.id));
      return { meeting: this.meetingView(viewer, meeting ?? saved.meeting, deals), items: stored.filter((item) => mine.has(item.id)).map((item) => toActionItemView(item, now)) };
    }
    return { meeting: this.meetingView(viewer, saved.meeting, deals), items: saved.items.map((item) => toActionItemView(item, now)) };
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
    const deals = await this.dealsById(viewer.tenantId, [meeting.dealId]);
    return { meeting: this.meetingView(viewer, meeting, deals), items: visible.map((item) => toActionItemView(item, now)) };
  }

  /** The meeting as this caller sees it: the deal only when they may see the deal. */
  private meetingView(viewer: Viewer, meeting: Meeting, deals: Map<string, Deal>): MeetingView {
    const deal = meeting.dealId ? deals.get(meeting.dealId) : undefined;
    return toMeetingView(deal && canSeeDeal(viewer, deal) ? meeting : { ...meeting, dealId: null });
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
