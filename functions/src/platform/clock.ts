import type { Clock } from '../services/ports';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests and the demo can set. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
