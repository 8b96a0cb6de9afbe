import { z } from 'zod';
import { InvalidInput } from '../domain';
import type { BotCaller } from '../platform/bot-auth';
import type { BotInstallations } from '../services/bot-installs';
import type { CardActionService, CardAnswer } from '../services/card-actions';
import { cardFor } from './cards';

/** The parts of a Bot Framework activity the bot reads; everything else is let through unread. */
const Activity = z.looseObject({
  type: z.string().min(1),
  name: z.string().optional(),
  channelId: z.string().min(1),
  serviceUrl: z.url(),
  from: z.looseObject({ id: z.string().min(1), aadObjectId: z.string().optional() }),
  recipient: z.looseObject({ id: z.string().min(1) }).optional(),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: z.string().optional(), conversationType: z.string().optional() }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string() }).optional() }).optional(),
  action: z.string().optional(),
  membersAdded: z.array(z.looseObject({ id: z.string() })).optional(),
  membersRemoved: z.array(z.looseObject({ id: z.string() })).optional(),
  value: z.unknown().optional(),
});
type Activity = z.infer<typeof Activity>;

const ExecuteValue = z.looseObject({
  action: z.looseObject({ type: z.literal('Action.Execute'), verb: z.string().max(40), data: z.unknown().optional() }),
});

/** What /api/messages answers: the HTTP status and, for an invoke, the invoke response. */
export interface BotReply {
  status: number;
  body?: unknown;
}

/**
 * The Followthrough bot: what it does with each activity Teams sends to /api/messages once its token is checked.
 * - `invoke` `adaptiveCard/action` (a card's button, or Teams refreshing a card the user sees): the card actions
 *   (services/card-actions.ts), answered with the card as it now stands, or a message when refused.
 * - `installationUpdate` and `conversationUpdate` in a personal chat: the app added for the user (by them, or by an
 *   admin's setup policy) or removed — where proactive cards to them go.
 * - anything else: acknowledged.
 */
export class BotActivityHandler {
  constructor(
    private readonly deps: { cards: CardActionService; installations: BotInstallations; botAppId: string },
  ) {}

  async receive(body: unknown, caller: BotCaller): Promise<BotReply> {
    const parsed = Activity.safeParse(body);
    if (!parsed.success) throw new InvalidInput(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const activity = parsed.data;
    if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') return { status: 200, body: await this.cardAction(activity) };
    if (activity.type === 'installationUpdate' || activity.type === 'conversationUpdate') await this.installation(activity, caller);
    return { status: 200, body: {} };
  }

  private async cardAction(activity: Activity): Promise<unknown> {
    const value = ExecuteValue.safeParse(activity.value);
    const tenantId = tenantOf(activity);
    const userId = activity.from.aadObjectId;
    if (!value.success || !tenantId || !userId) return messageResponse('This card cannot be answered here.');
    const answer: CardAnswer = await this.deps.cards.handle({ tenantId, userId, teamsUserId: activity.from.id, verb: value.data.action.verb, data: value.data.action.data ?? {} });
    if (answer.kind === 'message') return messageResponse(answer.text);
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: cardFor(answer.message, answer.context) };
  }

  private async installation(activity: Activity, caller: BotCaller): Promise<void> {
    if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal') return;
    const tenantId = tenantOf(activity);
    const userId = activity.from.aadObjectId;
    if (!tenantId || !userId) return;
    const bot = activity.recipient?.id;
    let installed: boolean | null = null;
    if (activity.type === 'installationUpdate') installed = activity.action?.startsWith('add') ? true : activity.action?.startsWith('remove') ? false : null;
    else if (activity.membersAdded?.some((m) => m.id === bot || m.id.endsWith(this.deps.botAppId))) installed = true;
    else if (activity.membersRemoved?.some((m) => m.id === bot || m.id.endsWith(this.deps.botAppId))) installed = false;
    if (installed === null) return;
    await this.deps.installations.record({ tenantId, userId, teamsUserId: activity.from.id, serviceUrl: caller.serviceUrl, conversationId: activity.conversation.id, installed });
  }
}

function tenantOf(activity: Activity): string | undefined {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id;
}

/** An invoke answer that shows a message and leaves the card as it was. */
function messageResponse(text: string) {
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text };
}
