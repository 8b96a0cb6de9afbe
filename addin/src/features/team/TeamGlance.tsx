import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { TeamAgendaReply } from '../../../../functions/src/domain/replies';
import type { ApiClient } from '../../api/client';
import { Problem } from '../../ui/Problem';
import { Sparkline } from '../../ui/Sparkline';

const useStyles = makeStyles({
  root: { padding: '16px', display: 'flex', flexDirection: 'column', gap: '12px', overflowX: 'auto' },
  table: { borderCollapse: 'collapse', minWidth: '640px', '& th, & td': { textAlign: 'left', padding: '6px 8px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` } },
  warn: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** The team at a glance: per rep, what a review would open with. */
export function TeamGlance({ api, teamId, teamName, onOpenRep }: { api: ApiClient; teamId: string; teamName: string; onOpenRep: (repId: string) => void }) {
  const styles = useStyles();
  const [agenda, setAgenda] = useState<TeamAgendaReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    api.teamAgenda(teamId).then(setAgenda, (e: Error) => setError(e.message));
  }, [api, teamId]);
  useEffect(load, [load]);
  if (error) return <div className={styles.root}><Problem title="Could not load the team" detail={error} onRetry={load} /></div>;
  if (!agenda) return <Spinner style={{ padding: 24 }} label="Loading the team…" />;
  return (
    <main className={styles.root} aria-label={`${teamName} at a glance`}>
      <Text as="h1" size={500} weight="semibold">
        {teamName}
      </Text>
      {agenda.rows.length === 0 && <Text className={styles.meta}>This team has no members yet: an admin adds them.</Text>}
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">Rep</th>
            <th scope="col">Open</th>
            <th scope="col">Overdue</th>
            <th scope="col">On time, 8 weeks</th>
            <th scope="col">Slips: skill / can’t</th>
            <th scope="col">Deals at risk</th>
            <th scope="col">Prospecting</th>
            <th scope="col">
              <span className={styles.meta}>Review</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {agenda.rows.map((row) => (
            <tr key={row.repId}>
              <th scope="row">{row.name}</th>
              <td>{row.openItems}</td>
              <td className={row.overdue > 0 ? styles.warn : undefined}>{row.overdue}</td>
              <td>
                <Sparkline values={row.onTimeTrend} label={`${row.name}: on-time completion per week`} />
              </td>
              <td>
                {row.slipsByCategory['knows-what-to-do']} / {row.slipsByCategory['can-do-it']}
              </td>
              <td className={row.dealsAtRisk > 0 ? styles.warn : undefined}>
                {row.dealsAtRisk}
                {row.focusFlagged ? ' · one-deal focus' : ''}
              </td>
              <td className={row.prospecting.thisWeek < row.prospecting.target ? styles.warn : undefined}>
                {row.prospecting.thisWeek} / {row.prospecting.target}
              </td>
              <td>
                <Button size="small" appearance="primary" onClick={() => onOpenRep(row.repId)} aria-label={`Review ${row.name}`}>
                  Review
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
