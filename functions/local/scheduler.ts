import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import { CronExpressionParser } from 'cron-parser';
import type { TimerRoute } from '../src/timers/registry';

export interface TimerRun {
  name: string;
  startedAt: string;
  finishedAt: string;
  summary?: Record<string, number>;
  error?: string;
}

/**
 * Runs the timer functions on their NCRONTAB schedules (six fields, seconds first, UTC), one run of a timer at a time
 * as in Azure, and on demand for `POST /admin/functions/{name}`.
 */
export class TimerScheduler {
  private readonly running = new Map<string, Promise<TimerRun>>();
  private readonly handles = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly timers: TimerRoute[],
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Arms every timer for its next occurrence. */
  start(): void {
    for (const timer of this.timers) this.arm(timer);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }

  has(name: string): boolean {
    return this.timers.some((t) => t.name === name);
  }

  /** Runs a timer now and resolves when that run has finished; joins a run already under way. */
  runNow(name: string): Promise<TimerRun> {
    const timer = this.timers.find((t) => t.name === name);
    if (!timer) return Promise.reject(new Error(`No timer function named ${name}`));
    return this.invoke(timer);
  }

  /** Resolves when no timer is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private arm(timer: TimerRoute): void {
    if (this.stopped) return;
    const next = CronExpressionParser.parse(timer.schedule, { currentDate: new Date(), tz: 'UTC' }).next().getTime();
    const handle = setTimeout(() => {
      void this.invoke(timer).finally(() => this.arm(timer));
    }, Math.max(0, next - Date.now()));
    handle.unref();
    this.handles.set(timer.name, handle);
  }

  private invoke(timer: TimerRoute): Promise<TimerRun> {
    const existing = this.running.get(timer.name);
    if (existing) return existing;
    const run = this.execute(timer).finally(() => this.running.delete(timer.name));
    this.running.set(timer.name, run);
    return run;
  }

  private async execute(timer: TimerRoute): Promise<TimerRun> {
    const startedAt = new Date().toISOString();
    const context = new InvocationContext({
      functionName: timer.name,
      invocationId: randomUUID(),
      logHandler: (level, ...args) => {
        if (level === 'error' || level === 'warning') this.log(`[${timer.name}] ${args.map(String).join(' ')}`);
      },
    });
    try {
      const summary = await timer.run(context);
      const interesting = Object.entries(summary).filter(([, v]) => v > 0);
      if (interesting.length > 0) this.log(`[${timer.name}] ${interesting.map(([k, v]) => `${k} ${v}`).join(', ')}`);
      return { name: timer.name, startedAt, finishedAt: new Date().toISOString(), summary };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`[${timer.name}] failed: ${message}`);
      return { name: timer.name, startedAt, finishedAt: new Date().toISOString(), error: message };
    }
  }
}
