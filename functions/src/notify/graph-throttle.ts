import type { DeliveryResult } from '../services/ports';

const WINDOW_MS = 1000;

/**
 * The activity-feed traffic of one tenant: a sliding one-second window of the requests sent, and the time until
 * which Graph told us (429) to send nothing. Callers take slots one after another, in the order they asked.
 */
export class TenantFeedThrottle {
  private readonly sent: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private heldUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Resolves once one more request fits into the last second. */
  takeSlot(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  holdUntil(until: number): void {
    this.heldUntil = Math.max(this.heldUntil, until);
  }

  /** The result for a call made while the tenant is held back after a 429, or null when requests may go. */
  heldBack(now: number): DeliveryResult | null {
    if (now >= this.heldUntil) return null;
    const retryAfterSeconds = Math.ceil((this.heldUntil - now) / 1000);
    return { ok: false, retryable: true, retryAfterSeconds, error: `graph 429: tenant throttled by Graph, holding back for ${retryAfterSeconds} s` };
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - WINDOW_MS) this.sent.shift();
      if (this.sent.length < this.perSecond) {
        this.sent.push(now);
        return;
      }
      await this.sleep(this.sent[0]! + WINDOW_MS - now);
    }
  }
}
