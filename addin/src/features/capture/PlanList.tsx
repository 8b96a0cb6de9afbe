import { Button, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useState } from 'react';
import type { ActionItemReply } from '../../../../functions/src/domain/replies';
import type { SlipReason } from '../../../../functions/src/domain/slip';
import { formatDay } from '../../ui/format';
const RescheduleDialog = lazy(() => import('./RescheduleDialog').then((m) => ({ default: m.RescheduleDialog })));

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  heading: { fontWeight: tokens.fontWeightSemibold, marginTop: '8px' },
  row: { display: 'flex', alignItems: 'center', gap: '6px', paddingBlock: '2px' },
  body: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  empty: { color: tokens.colorNeutralForeground3 },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export interface PlanListProps {
  title: string;
  items: ActionItemReply[];
  names: Map<string, string>;
  timeZone: string;
  dueHourFor: (date: string) => string;
  emptyText: string;
  onUpdate: (item: ActionItemReply, patch: { status?: 'done' | 'open'; dueAt?: string; slip?: { reason: SlipReason; note?: string } }) => Promise<void>;
}

/** Items with done and reschedule-with-reason: what was captured, and the deal's mutual action plan. */
export function PlanList({ title, items, names, timeZone, dueHourFor, emptyText, onUpdate }: PlanListProps) {
  const styles = useStyles();
  const [moving, setMoving] = useState<ActionItemReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const owner = (i: ActionItemReply) => (i.owner.type === 'contact' ? `${i.owner.name} (buyer)` : (names.get(i.owner.userId) ?? 'A colleague'));

  return (
    <section className={styles.section} aria-label={title}>
      <Text as="h3" className={styles.heading}>
        {title}
      </Text>
      {items.length === 0 && <Text className={styles.empty}>{emptyText}</Text>}
      {error && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {error}
        </Text>
      )}
      {items.map((item) => (
        <div className={styles.row} key={item.id}>
          <Checkbox
            checked={item.status === 'done'}
            aria-label={`Done: ${item.title}`}
            onChange={(_, data) => {
              setError(null);
              onUpdate(item, { status: data.checked ? 'done' : 'open' }).catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not update.'));
            }}
          />
          <div className={styles.body}>
            <Text>{item.title}</Text>
            <span className={styles.meta}>
              {owner(item)} · due {formatDay(item.dueAt, timeZone)}{' '}
              {item.overdue && <span className={styles.overdue}>{item.daysOverdue > 0 ? `${item.daysOverdue} days overdue` : 'overdue'}</span>}
              {item.slips.length > 0 && ` · moved ${item.slips.length}×`}
            </span>
          </div>
          {item.status === 'open' && (
            <Button size="small" appearance="subtle" onClick={() => setMoving(item)} aria-label={`Reschedule ${item.title}`}>
              Reschedule
            </Button>
          )}
        </div>
      ))}
      {moving && (
        <Suspense fallback={null}>
        <RescheduleDialog
          item={moving}
          timeZone={timeZone}
          dueHourFor={dueHourFor}
          onClose={() => setMoving(null)}
          onSubmit={(dueAt, slip) => onUpdate(moving, { dueAt, slip })}
        />
        </Suspense>
      )}
    </section>
  );
}
