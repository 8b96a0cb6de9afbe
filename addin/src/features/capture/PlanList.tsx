import { Button, Checkbox, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { lazy, type ReactNode, Suspense, useState } from 'react';
import type { ActionItemReply, AuditPageReply } from '../../../../functions/src/domain/replies';
import type { SlipReason } from '../../../../functions/src/domain/slip';
import { formatDay } from '../../ui/format';
const RescheduleDialog = lazy(() => import('./RescheduleDialog').then((m) => ({ default: m.RescheduleDialog })));
// Loaded only when someone opens an item's history.
const ItemHistory = lazy(() => import('../history/ItemHistory').then((m) => ({ default: m.ItemHistory })));

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '4px' },
  heading: { fontWeight: tokens.fontWeightSemibold, marginTop: '8px' },
  row: { display: 'flex', alignItems: 'center', gap: '6px', paddingBlock: '2px' },
  body: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  empty: { color: tokens.colorNeutralForeground3 },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  highlight: { outline: `2px solid ${tokens.colorBrandStroke1}`, borderRadius: tokens.borderRadiusMedium },
});

export interface PlanListProps {
  title: string;
  items: ActionItemReply[];
  names: Map<string, string>;
  timeZone: string;
  dueHourFor: (date: string) => string;
  emptyText: string;
  /** An item to show highlighted (opened from a notification's deep link). */
  highlightId?: string | null;
  /** Shown before each row: e.g. a "discussed" checkbox in a review, under the heading `leadLabel`. */
  lead?: (item: ActionItemReply) => ReactNode;
  leadLabel?: string;
  onUpdate: (item: ActionItemReply, patch: { status?: 'done' | 'open'; dueAt?: string; slip?: { reason: SlipReason; note?: string } }) => Promise<void>;
  /** A page of an item's history: with it, each item offers History. */
  loadHistory?: (itemId: string, cursor?: string) => Promise<AuditPageReply>;
}

/** Items with done and reschedule-with-reason: what was captured, and the deal's mutual action plan. */
export function PlanList({ title, items, names, timeZone, dueHourFor, emptyText, highlightId, lead, leadLabel, onUpdate, loadHistory }: PlanListProps) {
  const styles = useStyles();
  // A dialog stays mounted while it closes: unmounted open, Fluent's modal would leave the page hidden from
  // assistive technology. `seq` gives each opening a fresh dialog.
  const [moving, setMoving] = useState<OpenDialog | null>(null);
  const [history, setHistory] = useState<OpenDialog | null>(null);
  const close = (d: OpenDialog | null) => d && { ...d, open: false };
  // Ticked at once, before the API answers; undone if it refuses.
  const [ticking, setTicking] = useState<Map<string, boolean>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const owner = (i: ActionItemReply) => (i.owner.type === 'contact' ? `${i.owner.name} (buyer)` : (names.get(i.owner.userId) ?? 'A colleague'));

  return (
    <section className={styles.section} aria-label={title}>
      <Text as="h3" className={styles.heading}>
        {title}
      </Text>
      {items.length === 0 && <Text className={styles.empty}>{emptyText}</Text>}
      {items.length > 0 && lead && (
        <div className={styles.row} aria-hidden="true">
          <span className={styles.meta}>{leadLabel}</span>
          <span className={styles.meta}>Done</span>
        </div>
      )}
      {error && (
        <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
          {error}
        </Text>
      )}
      {items.map((item) => (
        <div className={item.id === highlightId ? `${styles.row} ${styles.highlight}` : styles.row} key={item.id} id={`item-${item.id}`}>
          {lead?.(item)}
          <Checkbox
            checked={ticking.get(item.id) ?? item.status === 'done'}
            aria-label={`Done: ${item.title}`}
            onChange={(_, data) => {
              setError(null);
              const checked = data.checked === true;
              setTicking((t) => new Map(t).set(item.id, checked));
              onUpdate(item, { status: checked ? 'done' : 'open' })
                .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not update.'))
                .finally(() =>
                  setTicking((t) => {
                    const next = new Map(t);
                    next.delete(item.id);
                    return next;
                  }),
                );
            }}
          />
          <div className={styles.body}>
            <Text>{item.title}</Text>
            <span className={styles.meta}>
              {owner(item)} · due {formatDay(item.dueAt, timeZone)}{' '}
              {item.overdue && <span className={styles.overdue}>{item.daysOverdue > 0 ? `${item.daysOverdue} ${item.daysOverdue === 1 ? 'day' : 'days'} overdue` : 'overdue'}</span>}
              {item.slips.length > 0 && ` · moved ${item.slips.length}×`}
            </span>
          </div>
          {item.status === 'open' && (
            <Button size="small" appearance="subtle" onClick={() => setMoving((d) => opening(d, item))} aria-label={`Reschedule ${item.title}`}>
              Reschedule
            </Button>
          )}
          {loadHistory && (
            <Button size="small" appearance="subtle" onClick={() => setHistory((d) => opening(d, item))} aria-label={`History of ${item.title}`}>
              History
            </Button>
          )}
        </div>
      ))}
      {moving && (
        <Suspense fallback={null}>
          <RescheduleDialog
            key={moving.seq}
            open={moving.open}
            item={moving.item}
            timeZone={timeZone}
            dueHourFor={dueHourFor}
            onClose={() => setMoving(close)}
            onSubmit={(dueAt, slip) => onUpdate(moving.item, { dueAt, slip })}
          />
        </Suspense>
      )}
      {history && loadHistory && (
        <Suspense fallback={<Spinner size="tiny" label="Opening the history…" />}>
          <ItemHistory
            key={history.seq}
            open={history.open}
            title={history.item.title}
            timeZone={timeZone}
            load={(cursor) => loadHistory(history.item.id, cursor)}
            onClose={() => setHistory(close)}
          />
        </Suspense>
      )}
    </section>
  );
}

interface OpenDialog {
  item: ActionItemReply;
  open: boolean;
  seq: number;
}

function opening(current: OpenDialog | null, item: ActionItemReply): OpenDialog {
  return { item, open: true, seq: (current?.seq ?? 0) + 1 };
}
