import { makeStyles, Text, tokens } from '@fluentui/react-components';
import type { RepAgendaReply } from '../../../../functions/src/domain/replies';
import { formatDay } from '../../ui/format';
import { Sparkline } from '../../ui/Sparkline';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: '8px' },
  tile: { padding: '8px 10px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, display: 'flex', flexDirection: 'column', gap: '2px' },
  figure: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  group: { paddingBlock: '6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  question: { fontStyle: 'italic' },
  warn: { color: tokens.colorPaletteRedForeground1 },
  h3: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: '8px 0 4px' },
});

const REASON_LABEL: Record<string, string> = {
  skill: 'Did not know how (skill)',
  obstacle: 'Blocked (obstacle)',
  buyer: 'Waiting on the buyer',
  priority: 'Other work came first',
  forgot: 'Forgot',
  other: 'Other',
};

const RISK_LABEL: Record<string, string> = { 'no-next-step': 'no dated next step', stale: 'no activity', 'close-date-passed': 'close date passed' };

/** The agenda at a glance: the figures a review starts from. */
export function AgendaSummary({ agenda }: { agenda: RepAgendaReply; timeZone: string }) {
  const styles = useStyles();
  const cant = agenda.slips.filter((g) => g.category === 'can-do-it').reduce((n, g) => n + g.count, 0);
  const skill = agenda.slips.filter((g) => g.category === 'knows-what-to-do').reduce((n, g) => n + g.count, 0);
  return (
    <div className={styles.grid}>
      <div className={styles.tile}>
        <span className={styles.meta}>Overdue</span>
        <span className={styles.figure}>{agenda.overdue.length}</span>
        <span className={styles.meta}>avg {agenda.kpis.averageDaysOverdue} days late · {agenda.kpis.openItems} open</span>
      </div>
      <div className={styles.tile}>
        <span className={styles.meta}>Slips since {new Date(agenda.since.at).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}</span>
        <span className={styles.figure}>{agenda.slips.reduce((n, g) => n + g.count, 0)}</span>
        <span className={styles.meta}>{skill} skill · {cant} can’t-do</span>
      </div>
      <div className={styles.tile}>
        <span className={styles.meta}>On time, 8 weeks</span>
        <Sparkline values={agenda.kpis.onTimeRate.map((w) => w.rate)} label="On-time completion per week" />
        <span className={styles.meta}>done since last review: {agenda.completed.onTime} on time, {agenda.completed.late} late</span>
      </div>
      <div className={styles.tile}>
        <span className={styles.meta}>Prospecting this week</span>
        <span className={agenda.prospecting.thisWeek < agenda.prospecting.target ? `${styles.figure} ${styles.warn}` : styles.figure}>
          {agenda.prospecting.thisWeek} / {agenda.prospecting.target}
        </span>
        <span className={styles.meta}>last weeks: {agenda.prospecting.weeks.slice(1).map((w) => w.completed).join(', ')}</span>
      </div>
      <div className={styles.tile}>
        <span className={styles.meta}>Deals at risk</span>
        <span className={styles.figure}>{agenda.dealsAtRisk.length}</span>
        {agenda.focus.flagged && <span className={`${styles.meta} ${styles.warn}`}>{Math.round(agenda.focus.share * 100)}% of activity on one deal</span>}
      </div>
    </div>
  );
}

/** Slips grouped by reason, each with the question the manager should ask. */
export function SlipGroups({ agenda }: { agenda: RepAgendaReply }) {
  const styles = useStyles();
  if (agenda.slips.length === 0) return <Text className={styles.meta}>No slips since the last review.</Text>;
  return (
    <div>
      {agenda.slips.map((group) => (
        <div key={group.reason} className={styles.group} data-slip-reason={group.reason}>
          <Text weight="semibold">
            {REASON_LABEL[group.reason] ?? group.reason} · {group.count}
          </Text>
          <div className={styles.question}>{group.question}</div>
          <ul>
            {group.items.map((s) => (
              <li key={`${s.itemId}-${s.at}`}>
                {s.title}
                {s.note ? ` — “${s.note}”` : ''}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

export function DealsAtRisk({ agenda }: { agenda: RepAgendaReply }) {
  const styles = useStyles();
  if (agenda.dealsAtRisk.length === 0) return <Text className={styles.meta}>No deal at risk.</Text>;
  return (
    <ul>
      {agenda.dealsAtRisk.map((d) => (
        <li key={d.dealId}>
          <Text weight="semibold">{d.account}</Text> — {d.name} ({d.stage}): {d.reasons.map((r) => RISK_LABEL[r] ?? r).join(', ')}
        </li>
      ))}
    </ul>
  );
}

export function Commitments({ agenda, timeZone }: { agenda: RepAgendaReply; timeZone: string }) {
  const styles = useStyles();
  if (agenda.commitments.length === 0) return <Text className={styles.meta}>No commitments from the last review.</Text>;
  return (
    <ul>
      {agenda.commitments.map((c) => (
        <li key={c.itemId}>
          {c.title} — <span className={c.status === 'overdue' ? styles.warn : undefined}>{c.status}</span> (due {formatDay(c.dueAt, timeZone)})
        </li>
      ))}
    </ul>
  );
}
