import {
  type ActionItem,
  Conflict,
  daysOverdue,
  type FieldIssue,
  InvalidInput,
  isDeparted,
  localTime,
  newNotification,
  NotFound,
  type Notification,
  parseInput,
  PreconditionFailed,
  type Recipient,
  SlipInput,
  type Viewer,
  viewerFrom,
} from '../domain';
import { ActionItemPatchInput } from '../domain/action-item';
import { CARD_VERBS, CardActionData, type CardVerb } from '../domain/card-action';
import { instantAtLocal, localMinuteOfDay } from '../domain/time';
import type { ActionItemService } from './action-items';
import { type CardContext, type CardStateLoader, itemIdsOf, type NewDateForm } from './card-states';
import { notificationId } from './ids';
import type { ActionItemRepository, BotConversationRepository, CardMessages, Clock, NotificationRepository, OutgoingMessage, TeamRepository, UserRepository } from './ports';

/** An `adaptiveCard/action` invoke, as the bot read it from a token-checked activity. */
export interface CardInvoke {
  /** `conversation.tenantId`. */
  tenantId: string;
  /** `from.aadObjectId`: the Entra object id of whoever pressed the button. */
  userId: string;
  /** `from.id`, their id in Teams (`29:…`). */
  teamsUserId: string;
  verb: string;
  data: unknown;
}

/** The answer: the card shown again as it stands now, or a message (the card stays as it was). */
export type CardAnswer = { kind: 'card'; message: OutgoingMessage; context: CardContext } | { kind: 'message'; text: string };

export interface CardActionDeps {
  items: ActionItemRepository;
  users: UserRepository;
  teams: TeamRepository;
  notifications: NotificationRepository;
  messages: CardMessages;
  conversations: BotConversationRepository;
  actionItems: ActionItemService;
  loader: CardStateLoader;
  clock: Clock;
  /** AUTH_ALLOWED_TENANTS: an invoke from any other tenant is refused. */
  allowedTenants: string[];
}

const REFUSED = 'You cannot change this item: only the person accountable for it and their manager can.';
const NOT_FOUND = 'Followthrough cannot find this reminder for you. Open Followthrough to see your items.';
/** Hour of the day a new date falls on when the item had none yet in the user's day (17:00, as the pages do). */
const END_OF_DAY_MINUTE = 17 * 60;

/**
 * What the buttons of Followthrough's cards do (Universal Actions). The caller is whoever Teams says pressed the
 * button (`from.aadObjectId` in `conversation.tenantId`, from a token-checked activity), looked up in the directory;
 * nothing else in the card's data says who acts. Every change goes through ActionItemService, the API's write path,
 * with the card's version as If-Match and "via card" in the audit trail. The answer is the card as it stands after
 * the action: on a stale card (412) or a removed item, the current state instead of an error.
 */
export class CardActionService {
  constructor(private readonly deps: CardActionDeps) {}

  async handle(invoke: CardInvoke): Promise<CardAnswer> {
    const tenantId = invoke.tenantId.toLowerCase();
    if (!this.deps.allowedTenants.includes(tenantId)) return message('Followthrough is not enabled for your organization.');
    const viewer = await this.viewer(tenantId, invoke.userId.toLowerCase());
    if (!viewer) return message('You are not a Followthrough user in this organization.');
    const parsed = CardActionData.safeParse(invoke.data);
    const verb = (CARD_VERBS as readonly string[]).includes(invoke.verb) ? (invoke.verb as CardVerb) : null;
    if (!parsed.success || !verb) return message('This card is out of date. Open Followthrough to see your items.');
    const data = parsed.data;
    // The message is read in the presser's tenant: another tenant's message is not found there.
    const notifications = await this.deps.messages.notificationsOf(tenantId, data.m);
    const recipientId = notifications[0]?.recipientId;
    if (!recipientId || notifications.some((n) => n.recipientId !== recipientId)) return message(NOT_FOUND);

    const answer = new Answer(viewer.viewer, viewer.timeZone);
    if (verb === 'refresh') {
      if (viewer.viewer.userId !== recipientId) return message(NOT_FOUND);
    } else {
      const outcome = await this.act(verb, data, viewer.viewer, notifications, answer);
      if (outcome) return outcome;
    }
    return this.render(tenantId, data.m, recipientId, notifications, answer, invoke);
  }

  /** The card a message is sent as, for the card channel: the same state an answer shows. */
  async cardState(message: OutgoingMessage, recipient: { timeZone: string; teamsUserId: string }): Promise<CardContext> {
    return this.deps.loader.load(message.recipient.tenantId, { userId: message.recipient.userId, timeZone: recipient.timeZone, teamsUserIds: [recipient.teamsUserId] }, message.notifications);
  }

  /** Does what the button says; a message when it is refused, else null (the card is shown again). */
  private async act(verb: Exclude<CardVerb, 'refresh'>, data: CardActionData, viewer: Viewer, notifications: Notification[], answer: Answer): Promise<CardAnswer | null> {
    const onCard = new Set(itemIdsOf(notifications));
    if (!data.item || !onCard.has(data.item)) return message('This card is out of date. Open Followthrough to see your items.');
    const tenantId = viewer.tenantId;
    const stored = await this.deps.items.get(tenantId, data.item);
    // Nothing says whose a vanished item was: only its card's own recipient learns that it is gone.
    if (!stored) return viewer.userId === notifications[0]?.recipientId ? null : message(REFUSED);
    const managerOnly = verb === 'nudge' || verb === 'agenda';
    const isManager = stored.accountableId !== viewer.userId && viewer.visibleUserIds.includes(stored.accountableId);
    const allowed = managerOnly ? isManager : viewer.visibleUserIds.includes(stored.accountableId);
    if (!allowed) return message(managerOnly ? 'Only their manager can do this.' : REFUSED);
    if (stored.deleted) return null;
    const ifMatch = data.etag ?? stored.etag;
    try {
      switch (verb) {
        case 'done':
          if (stored.status === 'open') await this.deps.actionItems.update(viewer, stored.id, { status: 'done' }, ifMatch, 'card');
          return null;
        case 'newDateForm':
          answer.forms.set(stored.id, { dueDate: '', reason: '', note: '', errors: {} });
          return null;
        case 'cancel':
          return null;
        case 'newDate':
          await this.newDate(viewer, stored, data, ifMatch, answer);
          return null;
        case 'snooze': {
          const snoozed = await this.deps.actionItems.snooze(viewer, stored.id, { until: data.until ?? 'tomorrow' }, ifMatch, 'card');
          const restarts = snoozed.ladderRestart?.at;
          const moved = (snoozed.snoozes?.length ?? 0) > (stored.snoozes?.length ?? 0);
          answer.notices.set(stored.id, moved && restarts ? `Snoozed: the next reminder waits until ${whenAt(new Date(restarts), answer.timeZone)}.` : 'Nothing to snooze: the next reminder is later than that anyway.');
          return null;
        }
        case 'nudge':
          await this.nudge(viewer, stored, answer);
          return null;
        case 'agenda':
          await this.deps.actionItems.flagForReview(viewer, stored.id, ifMatch, 'card');
          answer.notices.set(stored.id, `On the agenda of ${await this.nameOf(tenantId, stored.accountableId)}'s next review.`);
          return null;
      }
    } catch (error) {
      // A stale card, or an item removed meanwhile: the answer shows the item as it is now, which says what happened.
      if (error instanceof PreconditionFailed) {
        const current = await this.deps.items.get(tenantId, stored.id);
        // Done pressed twice at once: the second press finds it done, which is what it asked for.
        if (!(verb === 'done' && current?.status === 'done')) answer.notices.set(stored.id, 'This item changed since the card was sent; here it is now.');
        return null;
      }
      if (error instanceof NotFound) return null;
      // A snooze beyond the team's limit, or of an item closed meanwhile: said on the card, nothing changes.
      if (error instanceof Conflict) {
        answer.banner = error.message;
        return null;
      }
      throw error;
    }
  }

  /**
   * New date + reason: the same rules as the API's reschedule (a reason, "other" with a note, a date inside the API's
   * window), and not in the past. Anything wrong keeps the form open with the errors beside its fields; nothing changes.
   */
  private async newDate(viewer: Viewer, item: ActionItem, data: CardActionData, ifMatch: string, answer: Answer): Promise<void> {
    const form: NewDateForm = { dueDate: data.dueDate?.trim() ?? '', reason: data.reason?.trim() ?? '', note: data.note?.trim() ?? '', errors: {} };
    const today = localTime(this.deps.clock.now(), answer.timeZone).date;
    let dueAt: string | null = null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.dueDate) || Number.isNaN(Date.parse(`${form.dueDate}T00:00:00Z`))) form.errors.dueDate = 'Pick the new date.';
    else if (form.dueDate < today) form.errors.dueDate = 'Pick today or a later date.';
    else {
      const minute = item.dueAt ? localMinuteOfDay(new Date(item.dueAt), answer.timeZone) : END_OF_DAY_MINUTE;
      dueAt = instantAtLocal(form.dueDate, minute, answer.timeZone).toISOString();
    }
    if (!form.reason) form.errors.reason = 'Say why it moves: pick a reason.';
    else {
      const slip = SlipInput.safeParse({ reason: form.reason, ...(form.note ? { note: form.note } : {}) });
      if (!slip.success) {
        for (const issue of slip.error.issues) {
          if (issue.path[0] === 'note') form.errors.note = issue.message;
          else form.errors.reason = 'Pick one of the reasons.';
        }
      }
    }
    if (Object.keys(form.errors).length === 0 && dueAt) {
      try {
        const patch = parseInput(ActionItemPatchInput, { dueAt, slip: { reason: form.reason, ...(form.note ? { note: form.note } : {}) } });
        await this.deps.actionItems.update(viewer, item.id, patch, ifMatch, 'card');
        answer.notices.set(item.id, `New date set: the reminders start again from it.`);
        return;
      } catch (error) {
        if (!(error instanceof InvalidInput)) throw error;
        Object.assign(form.errors, formErrors(error.issues));
      }
    }
    answer.forms.set(item.id, form);
  }

  /**
   * Nudge: the rep gets a reminder now, made the way the ladder makes its reminders — a notification with an id
   * derived from what caused it (this manager, this item, this day), so pressing twice sends one; the dispatcher
   * delivers it on its next run through the rep's channels.
   */
  private async nudge(viewer: Viewer, item: ActionItem, answer: Answer): Promise<void> {
    const now = this.deps.clock.now();
    if (item.status !== 'open') return;
    const late = daysOverdue(item, now);
    const title = item.title.length > 80 ? `${item.title.slice(0, 79)}…` : item.title;
    const created = await this.deps.notifications.createOnce(
      newNotification(
        {
          id: notificationId(item.tenantId, 'nudge', item.id, item.dueAt, viewer.userId, localTime(now, answer.timeZone).date),
          tenantId: item.tenantId,
          kind: 'reminder',
          activityType: late > 0 ? 'itemOverdue' : 'itemDue',
          text: late > 0 ? `${viewer.displayName} asks about “${title}”: ${late === 1 ? '1 day' : `${late} days`} overdue` : `${viewer.displayName} asks about “${title}”: due now`,
          templateParameters: late > 0 ? { title: item.title, daysOverdue: String(late) } : { title: item.title, when: 'now' },
          recipientId: item.accountableId,
          itemId: item.id,
          dealId: item.dealId,
          itemDueAt: item.dueAt,
        },
        now,
      ),
    );
    const name = await this.nameOf(item.tenantId, item.accountableId);
    answer.notices.set(item.id, created ? `Nudged ${name} at ${clock(now, answer.timeZone)}.` : `${name} was nudged about this today already.`);
  }

  /**
   * The card again, as its recipient sees it ("Done by you" is theirs): the answer replaces the card in their chat,
   * whoever pressed the button.
   */
  private async render(tenantId: string, messageId: string, recipientId: string, notifications: Notification[], answer: Answer, invoke: CardInvoke): Promise<CardAnswer> {
    const own = recipientId === answer.viewer.userId;
    const recipient = own ? null : await this.deps.users.get(tenantId, recipientId);
    const teamsUserIds = own ? [invoke.teamsUserId] : [(await this.deps.conversations.get(tenantId, recipientId))?.teamsUserId].filter((id): id is string => Boolean(id));
    const timeZone = recipient?.timeZone ?? answer.timeZone;
    const context = await this.deps.loader.load(tenantId, { userId: recipientId, timeZone, teamsUserIds }, notifications);
    context.forms = answer.forms;
    context.notices = answer.notices;
    context.banner = answer.banner;
    const to: Recipient = recipient
      ? { userId: recipient.id, tenantId, displayName: recipient.displayName, email: recipient.email }
      : { userId: answer.viewer.userId, tenantId, displayName: answer.viewer.displayName, email: answer.viewer.email };
    return { kind: 'card', message: { id: messageId, recipient: to, notifications }, context };
  }

  private async nameOf(tenantId: string, userId: string): Promise<string> {
    return (await this.deps.users.get(tenantId, userId))?.displayName || 'the rep';
  }

  /** The directory's word on who pressed the button: a user of the tenant who has not left it, with their teams. */
  private async viewer(tenantId: string, userId: string): Promise<{ viewer: Viewer; timeZone: string } | null> {
    const [user, teams] = await Promise.all([this.deps.users.get(tenantId, userId), this.deps.teams.listForUser(tenantId, userId)]);
    if (!user || user.type !== 'user' || isDeparted(user)) return null;
    return { viewer: viewerFrom(user, teams), timeZone: user.timeZone };
  }
}

/** What an action adds to the card it answers with. */
class Answer {
  readonly forms = new Map<string, NewDateForm>();
  readonly notices = new Map<string, string>();
  banner: string | null = null;

  constructor(
    readonly viewer: Viewer,
    readonly timeZone: string,
  ) {}
}

function message(text: string): CardAnswer {
  return { kind: 'message', text };
}

/** The API's field issues of a reschedule, beside the form's fields. */
function formErrors(issues: FieldIssue[]): NewDateForm['errors'] {
  const errors: NewDateForm['errors'] = {};
  for (const issue of issues) {
    if (issue.path.startsWith('dueAt')) errors.dueDate = issue.message;
    else if (issue.path === 'slip.note') errors.note = issue.message;
    else if (issue.path.startsWith('slip') && /dueAt/.test(issue.message)) errors.dueDate = 'That is its due date already: pick another.';
    else errors.reason = issue.message;
  }
  return errors;
}

/** "Mon 7 Dec at 08:00" in the user's zone. */
function whenAt(at: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short' }).format(at).replace(',', '');
  return `${day} at ${clock(at, timeZone)}`;
}

/** HH:MM in the user's zone. */
export function clock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}
