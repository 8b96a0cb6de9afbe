import { z } from 'zod';
import { Id } from './common';

/** The verbs of the cards' Action.Execute buttons (bot/cards.ts), and `refresh`, which Teams sends when a card is seen. */
export const CARD_VERBS = ['refresh', 'done', 'newDateForm', 'newDate', 'cancel', 'snooze', 'nudge', 'agenda'] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

/** A digest card lists this many rows, then "and N more". */
export const DIGEST_CARD_ROWS = 10;

/** At most this many notifications make one card (the rest: "and N more"): Teams takes cards up to about 28 KB. */
export const MAX_CARD_NOTIFICATIONS = 8;

/**
 * What every button of a card carries: the message it went out in (`m`), so the answer can show the whole card again;
 * the item the button is about and the version the card showed (`etag`, for If-Match); and the inputs Teams merges in
 * (the New date form's `dueDate`, `reason`, `note`). Nothing in it says who is acting.
 */
export const CardActionData = z.object({
  m: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  item: Id.optional(),
  etag: z.string().min(1).max(200).optional(),
  until: z.enum(['tomorrow', 'monday']).optional(),
  dueDate: z.string().max(40).optional(),
  reason: z.string().max(40).optional(),
  note: z.string().max(2000).optional(),
});
export type CardActionData = z.infer<typeof CardActionData>;
