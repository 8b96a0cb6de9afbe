import type { CardLinks } from '../services/card-states';

/**
 * A Teams deep link that opens one of the app's personal tabs at something (`item:<id>`, `deal:<id>`, `review:<userId>`,
 * or a kind of list): the format the activity feed's reminders use (notify/), so a card's Open goes where the feed's
 * does.
 */
export function tabLink(links: CardLinks, tab: 'commitments' | 'reviews', subEntityId: string): string {
  const tabEntityId = tab === 'commitments' ? links.commitmentsTabId : links.reviewsTabId;
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(links.teamsAppId)}/${encodeURIComponent(tabEntityId)}` +
    `?context=${encodeURIComponent(JSON.stringify({ subEntityId }))}`
  );
}
