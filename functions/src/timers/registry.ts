import type { InvocationContext } from '@azure/functions';

/** One timer function: the same table is registered with app.timer in Azure and scheduled by the local host. */
export interface TimerRoute {
  name: string;
  /** NCRONTAB, six fields with seconds first, UTC. */
  schedule: string;
  /** Runs once and says what it did (the local host's `POST /admin/functions/{name}` answers with it). */
  run(context: InvocationContext): Promise<Record<string, number>>;
}
