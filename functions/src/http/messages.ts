import { InvalidInput, PayloadTooLarge } from '../domain';
import type { BotCaller } from '../platform/bot-auth';
import { toProblem } from '../platform/problem';
import { recordTenant } from '../platform/telemetry';
import { type HttpDeps, type HttpRoute, json, MAX_BODY_BYTES } from './pipeline';

/** The bot (bot/activities.ts), as this endpoint needs it. */
export interface BotEndpoint {
  receive(activity: unknown, caller: BotCaller): Promise<{ status: number; body?: unknown }>;
}

/**
 * `POST /api/messages`: the Teams bot's messaging endpoint (the Azure Bot resource points at it). Not an Entra-token
 * route: the Bot Connector's token is checked instead (platform/bot-auth.ts) before the activity is handed to the bot,
 * which takes who is acting from the activity's `from.aadObjectId` and `conversation.tenantId` and the directory.
 */
export function messageRoutes(deps: Pick<HttpDeps, 'bot' | 'botVerifier'>): HttpRoute[] {
  return [
    {
      name: 'messages',
      methods: ['POST'],
      route: 'messages',
      handler: async (req, context) => {
        try {
          const text = await req.text();
          if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new PayloadTooLarge(`The activity is larger than ${MAX_BODY_BYTES / 1024} KB.`);
          let activity: unknown = null;
          try {
            activity = JSON.parse(text);
          } catch {
            // Reported after the token check: without a valid token nothing more is said.
          }
          const origin = activity && typeof activity === 'object' ? (activity as Record<string, unknown>) : {};
          const caller = await deps.botVerifier.verify(req.headers.get('authorization'), {
            serviceUrl: typeof origin.serviceUrl === 'string' ? origin.serviceUrl : '',
            channelId: typeof origin.channelId === 'string' ? origin.channelId : '',
          });
          if (activity === null) throw new InvalidInput([{ path: '', message: 'The body is not a JSON activity' }]);
          // The tenant the Bot Connector vouches for goes on the span, as the verified caller's does on the API's.
          const conversation = origin.conversation as { tenantId?: unknown } | undefined;
          if (typeof conversation?.tenantId === 'string') recordTenant(conversation.tenantId.toLowerCase());
          const reply = await deps.bot.receive(activity, caller);
          return reply.body === undefined ? { status: reply.status } : json(reply.status, reply.body);
        } catch (error) {
          return toProblem(error, context);
        }
      },
    },
  ];
}
