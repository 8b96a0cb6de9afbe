import type { ActionItem, Notification } from '../domain';
import { DIGEST_CARD_ROWS } from '../domain/card-action';
import type { ActionItemRepository, AuditRepository, Clock, DealRepository, UserRepository } from './ports';

/** What a card shows of one of its items, as stored now. */
export interface CardItemState {
  /** The item; null when it was removed (soft-deleted, or gone). */
  item: ActionItem | null;
  deal: { id: string; name: string; account: string } | null;
  /** The user chased for it. */
  accountable: { userId: string; displayName: string };
  /** Who completed a done item, as its audit trail says (null while unknown). */
  completedBy: { userId: string; displayName: string } | null;
}

/** The New date form of one item, open on a card, with what was typed and what is wrong with it. */
export interface NewDateForm {
  dueDate: string;
  reason: string;
  note: string;
  errors: { dueDate?: string; reason?: string; note?: string };
}

/** Where a card's Open buttons go: the personal tabs of the Teams app (manifest.json `staticTabs`). */
export interface CardLinks {
  teamsAppId: string;
  /** My commitments: items (`item:<id>`), deals (`deal:<id>`). */
  commitmentsTabId: string;
  /** Reviews: a rep's review (`review:<userId>`), the team. */
  reviewsTabId: string;
}

/**
 * Everything a card is rendered from besides its notifications (bot/cards.ts `cardFor`): the current state of the
 * items they are about, whom it is shown to, and what this answer adds (an open form, a notice, a banner).
 */
export interface CardContext {
  now: Date;
  /** Whom the card is shown to: "Done by you". */
  viewerId: string;
  /** Their time zone: dates and times on the card are theirs. */
  timeZone: string;
  /** Teams users (`29:…`) whose client fetches the card's current state when they see it (`refresh.userIds`). */
  refreshUserIds: string[];
  items: Map<string, CardItemState>;
  forms: Map<string, NewDateForm>;
  notices: Map<string, string>;
  /** A line at the top of the card: what an action could not do. */
  banner: string | null;
  links: CardLinks;
}

/** The items a card shows at most: a digest's rows and a message's notifications together. */
const MAX_ITEMS = 40;
/** Audit pages read to find who completed an item (an item's history is short; this only bounds a pathological one). */
const MAX_HISTORY_PAGES = 5;

/** The items a message's notifications are about: their own item, and the rows a daily digest's card shows. */
export function itemIdsOf(notifications: Notification[]): string[] {
  const ids = new Set<string>();
  for (const n of notifications) {
    if (n.itemId) ids.add(n.itemId);
    if (n.digest?.kind === 'daily') for (const row of n.digest.rows.slice(0, DIGEST_CARD_ROWS)) ids.add(row.itemId);
  }
  return [...ids].slice(0, MAX_ITEMS);
}

/**
 * Reads what a card needs to show its notifications as they stand now: the items (one point read each), their deals
 * and people (one query each), and for a done item who completed it (its audit trail). The same reads serve a card
 * being sent and a card being refreshed or answered after an action.
 */
export class CardStateLoader {
  constructor(
    private readonly items: ActionItemRepository,
    private readonly deals: DealRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly links: CardLinks,
  ) {}

  async load(tenantId: string, viewer: { userId: string; timeZone: string; teamsUserIds: string[] }, notifications: Notification[]): Promise<CardContext> {
    const stored = await Promise.all(itemIdsOf(notifications).map((id) => this.items.get(tenantId, id).then((item) => [id, item] as const)));
    const live = stored.map(([, item]) => (item && !item.deleted ? item : null));
    const done = live.filter((item): item is ActionItem => item?.status === 'done');
    const completers = new Map(await Promise.all(done.map(async (item) => [item.id, await this.completerOf(item)] as const)));
    const dealIds = [...new Set(live.flatMap((item) => (item?.dealId ? [item.dealId] : [])))];
    const userIds = [...new Set([...stored.flatMap(([, item]) => (item ? [item.accountableId] : [])), ...[...completers.values()].filter((id): id is string => id !== null)])];
    const [deals, users] = await Promise.all([this.deals.getMany(tenantId, dealIds), this.users.getMany(tenantId, userIds)]);
    const dealById = new Map(deals.map((d) => [d.id, d]));
    const nameOf = (id: string) => users.find((u) => u.id === id)?.displayName || 'A colleague';
    const items = new Map<string, CardItemState>();
    for (const [id, item] of stored) {
      const visible = item && !item.deleted ? item : null;
      const deal = visible?.dealId ? dealById.get(visible.dealId) : undefined;
      const completer = completers.get(id) ?? null;
      items.set(id, {
        item: visible,
        deal: deal ? { id: deal.id, name: deal.name, account: deal.account } : null,
        accountable: { userId: item?.accountableId ?? '', displayName: item ? nameOf(item.accountableId) : '' },
        completedBy: completer ? { userId: completer, displayName: nameOf(completer) } : null,
      });
    }
    return {
      now: this.clock.now(),
      viewerId: viewer.userId,
      timeZone: viewer.timeZone,
      refreshUserIds: viewer.teamsUserIds,
      items,
      forms: new Map(),
      notices: new Map(),
      banner: null,
      links: this.links,
    };
  }

  /** The user whose change made the item done: the latest entry of its trail that set `status` to done. */
  private async completerOf(item: ActionItem): Promise<string | null> {
    let completer: string | null = null;
    let continuationToken: string | undefined;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const entries = await this.audit.history(item.tenantId, { kind: 'actionItem', id: item.id }, { limit: 100, continuationToken });
      for (const entry of entries.items) {
        const completes = entry.changes.some((c) => c.field === 'status' && c.after === 'done');
        if (completes) completer = entry.by.kind === 'user' ? (entry.by.userId ?? null) : null;
      }
      if (!entries.continuationToken) break;
      continuationToken = entries.continuationToken;
    }
    return completer;
  }
}
