import { createHash, randomUUID } from 'node:crypto';

/** Where new document ids come from: random, or derived from an Idempotency-Key so a retry writes the same ids. */
export interface IdSource {
  next(): string;
}

export const randomIds: IdSource = { next: () => randomUUID() };

export function derivedIds(seed: string): IdSource {
  let n = 0;
  return {
    next: () => {
      const hex = createHash('sha256').update(`${seed}:${n++}`).digest('hex');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

export function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

/** A notification's id, derived from what caused it, so creating it twice is a conflict rather than a second message. */
export function notificationId(...cause: string[]): string {
  return `n-${createHash('sha256').update(cause.join('\u0000')).digest('hex').slice(0, 40)}`;
}

/** The id of a message of several notifications, derived from theirs (a message of one has the notification's id). */
export function messageIdOf(notificationIds: string[]): string {
  return `m-${createHash('sha256').update([...notificationIds].sort().join('\u0000')).digest('hex').slice(0, 40)}`;
}
