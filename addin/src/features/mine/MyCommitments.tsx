import { makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ActionItemReply, MeReply, RepAgendaReply } from '../../../../functions/src/domain/replies';
import type { ApiClient } from '../../api/client';
import { PlanList } from '../capture/PlanList';
import { dueAtOnDate } from '../capture/quick-entry';
import { Problem } from '../../ui/Problem';
import { AgendaSummary } from '../review/AgendaSections';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', padding: '16px', maxWidth: '900px' },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  reminder: { display: 'flex', flexDirection: 'column', paddingBlock: '4px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** A rep's own view: overdue first, then due soon; what the manager's agenda will show; the reminders sent. */
export function MyCommitments({ api, me, teamId, timeZone, highlightId }: { api: ApiClient; me: MeReply; teamId: string | null; timeZone: string; highlightId: string | null }) {
  const styles = useStyles();
  const [items, setItems] = useState<ActionItemReply[] | null>(null);
  const [agenda, setAgenda] = useState<RepAgendaReply | null>(null);
  const [reminders, setReminders] = useState<{ id: string; text: string; createdAt: string; status: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    api.myOpenItems().then((p) => setItems(p.items), (e: Error) => setError(e.message));
    if (teamId) api.repAgenda(teamId, me.userId).then(setAgenda, () => setAgenda(null));
    api.notifications().then((p) => setReminders(p.items), () => setReminders([]));
  }, [api, me.userId, teamId]);
  useEffect(load, [load]);
  useEffect(() => {
    if (highlightId && items) document.getElementById(`item-${highlightId}`)?.scrollIntoView({ block: 'center' });
  }, [highlightId, items]);

  const dueHourFor = (date: string) => dueAtOnDate(date, timeZone);
  const loadHistory = useCallback((itemId: string, cursor?: string) => api.itemHistory(itemId, cursor), [api]);
  const update = async (item: ActionItemReply, patch: object) => {
    await api.updateItem(item.id, item.etag, patch);
    load();
  };
  if (error) return <div className={styles.root}><Problem title="Could not load your commitments" detail={error} onRetry={load} /></div>;
  if (!items) return <Spinner style={{ padding: 24 }} label="Loading your commitments…" />;
  const overdue = items.filter((i) => i.overdue).sort((a, b) => b.daysOverdue - a.daysOverdue);
  const upcoming = items.filter((i) => !i.overdue);
  const names = new Map([[me.userId, 'Me']]);
  return (
    <main className={styles.root} aria-label="My commitments">
      <PlanList title={`Overdue (${overdue.length})`} items={overdue} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing overdue. Well done." onUpdate={update} highlightId={highlightId} loadHistory={loadHistory} />
      <PlanList title={`Coming up (${upcoming.length})`} items={upcoming} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing else open." onUpdate={update} highlightId={highlightId} loadHistory={loadHistory} />
      {agenda && (
        <section aria-label="Your next review">
          <h2 className={styles.h2}>What your manager’s agenda will show</h2>
          <AgendaSummary agenda={agenda} timeZone={timeZone} />
        </section>
      )}
      <section aria-label="Reminders you were sent">
        <h2 className={styles.h2}>Reminders you were sent</h2>
        {reminders.length === 0 && <Text className={styles.meta}>No reminders yet.</Text>}
        {reminders.map((r) => (
          <div key={r.id} className={styles.reminder}>
            <Text>{r.text}</Text>
            <span className={styles.meta}>
              {new Date(r.createdAt).toLocaleString(undefined, { timeZone, dateStyle: 'medium', timeStyle: 'short' })} · {r.status}
            </span>
          </div>
        ))}
      </section>
    </main>
  );
}
