import { z } from 'zod';
import { Email, Id, Instant, type Stored } from './common';
import { CapturedItemInput } from './action-item';

export const Person = z.strictObject({
  name: z.string().trim().max(200).default(''),
  email: Email,
});
export type Person = z.infer<typeof Person>;

export const MeetingInfo = z
  .strictObject({
    subject: z.string().trim().max(255).default(''),
    start: Instant,
    end: Instant,
    organizer: Person.optional(),
    attendees: z.array(Person).max(500, 'At most 500 attendees').default([]),
  })
  .refine((m) => m.end >= m.start, { path: ['end'], message: 'Must not be before start' });
export type MeetingInfo = z.infer<typeof MeetingInfo>;

export const MeetingOutcomesInput = z.strictObject({
  meeting: MeetingInfo,
  /** The deal the meeting belongs to; items without their own dealId join it. */
  dealId: Id.optional(),
  items: z.array(CapturedItemInput).max(50, 'At most 50 items per capture'),
});
export type MeetingOutcomesInput = z.infer<typeof MeetingOutcomesInput>;

export interface Meeting extends Stored {
  type: 'meeting';
  key: string;
  subject: string;
  start: string;
  end: string;
  organizer: Person | null;
  attendees: Person[];
  dealId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}
