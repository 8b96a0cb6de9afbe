import type { DemoUserKey, TestApi } from './harness';

/** A message of the bot's chat with a user, as the connector stand-in keeps it. */
export interface ChatMessage {
  id: string;
  at: string;
  updatedAt: string | null;
  summary: string | null;
  card: any;
  answers: { verb: string; status: number; type: string | null; message: string | null }[];
}

/** `GET /dev/bot/conversations/{userId}`: the user's chat with the bot, newest first. */
export async function chatOf(api: TestApi, key: DemoUserKey): Promise<{ installed: boolean; activities: ChatMessage[] }> {
  const response = await fetch(`${api.host.baseUrl}/dev/bot/conversations/${api.user(key).userId}`);
  return (await response.json()) as { installed: boolean; activities: ChatMessage[] };
}

/** Every element of a card (depth first), actions included. */
export function elementsOf(card: any): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node.type === 'string') out.push(node);
    for (const key of ['body', 'items', 'actions', 'columns']) if (Array.isArray(node[key])) walk(node[key]);
  };
  walk(card);
  return out;
}

/** The texts of a card's TextBlocks, in order. */
export function textsOf(card: any): string[] {
  return elementsOf(card)
    .filter((e) => e.type === 'TextBlock')
    .map((e) => e.text as string);
}

/** The Action.Execute with this verb (about this item, when given). */
export function actionOf(card: any, verb: string, itemId?: string): any {
  const action = elementsOf(card).find((e) => e.type === 'Action.Execute' && e.verb === verb && (itemId === undefined || e.data?.item === itemId));
  if (!action) throw new Error(`no ${verb} action${itemId ? ` for ${itemId}` : ''} on the card: ${JSON.stringify(textsOf(card))}`);
  return action;
}

/** `POST /dev/bot/invoke`: presses a button of a message, as `key` (or someone else, `from`), and what the bot answered. */
export async function press(api: TestApi, key: DemoUserKey, message: ChatMessage, action: { verb: string; data: Record<string, unknown> }, from?: DemoUserKey): Promise<{ status: number; body: any }> {
  const response = await fetch(`${api.host.baseUrl}/dev/bot/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: api.user(key).userId, activityId: message.id, action: { verb: action.verb, data: action.data }, ...(from ? { from: { userId: api.user(from).userId } } : {}) }),
  });
  return { status: response.status, body: await response.json() };
}

/** An item of `key`'s, due `days` ago (17:00 UTC), created through the API; its id. */
export async function overdueItem(api: TestApi, key: DemoUserKey, title: string, daysAgo: number, extra: Record<string, unknown> = {}): Promise<string> {
  const due = new Date(api.clock.now().getTime() - daysAgo * 86_400_000);
  due.setUTCHours(17, 0, 0, 0);
  const created = await api.call('POST', '/api/action-items', { as: key, body: { title, dueAt: due.toISOString(), owner: { type: 'user', userId: api.user(key).userId }, ...extra } });
  if (created.status !== 201) throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** One sweep and one dispatch run, as the timers do. */
export async function sweepAndDispatch(api: TestApi): Promise<void> {
  await api.host.services.overdueSweep.run();
  await api.host.services.dispatcher.run();
}
