import { type DealView, isAdmin, isOpenDeal, toDealView, type Viewer } from '../domain';
import type { DealRepository, MeetingRepository } from './ports';

export interface DealSuggestion {
  deal: DealView;
  /** Why it is suggested, in words for the rep. */
  reason: string;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const stem = (domain: string) => domain.split('.')[0]?.replace(/[^a-z0-9]/g, '') ?? '';
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Which deal a meeting probably belongs to: deals of earlier meetings with the same people (strongest) or the same
 * companies, and deals whose account is named like an attendee's company domain. Two reads: recent linked meetings
 * and the caller's open deals.
 */
export class DealSuggestionService {
  constructor(
    private readonly meetings: MeetingRepository,
    private readonly deals: DealRepository,
  ) {}

  async suggest(viewer: Viewer, emails: string[], limit = 5): Promise<DealSuggestion[]> {
    const ours = domainOf(viewer.email);
    const people = new Set(emails.map((e) => e.toLowerCase()).filter((e) => domainOf(e) !== ours));
    const companies = new Set([...people].map(domainOf));
    if (people.size === 0) return [];
    const visibleTo = isAdmin(viewer) ? undefined : viewer.visibleUserIds;
    const [meetings, page] = await Promise.all([
      this.meetings.listLinkedToDeals(viewer.tenantId, visibleTo, 200),
      this.deals.list({ tenantId: viewer.tenantId, visibleTo }, { limit: 200 }),
    ]);
    // Each deal's score adds up; its reason is its strongest single clue (the most recent among equals).
    const scores = new Map<string, { score: number; strongest: number; reason: string }>();
    const add = (dealId: string, score: number, reason: string) => {
      const entry = scores.get(dealId) ?? { score: 0, strongest: 0, reason };
      entry.score += score;
      if (score > entry.strongest) Object.assign(entry, { strongest: score, reason });
      scores.set(dealId, entry);
    };
    for (const meeting of meetings) {
      if (!meeting.dealId) continue;
      const met = meeting.attendees.filter((a) => people.has(a.email));
      const date = new Date(meeting.start).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
      if (met.length > 0) add(meeting.dealId, 3 * met.length, `Met ${met[0]?.name || met[0]?.email} on ${date} (${meeting.subject})`);
      else if (meeting.attendees.some((a) => companies.has(domainOf(a.email)))) add(meeting.dealId, 1, `Earlier meeting with the same company on ${date}`);
    }
    for (const deal of page.items) {
      const account = squash(deal.account);
      const named = [...companies].find((c) => stem(c).length >= 3 && (account.includes(stem(c)) || stem(c).includes(account)));
      if (named) add(deal.id, 2, `The account matches ${named}`);
    }
    return page.items
      .filter((deal) => isOpenDeal(deal) && scores.has(deal.id))
      .sort((a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0) || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((deal) => ({ deal: toDealView(deal), reason: scores.get(deal.id)?.reason ?? '' }));
  }
}
