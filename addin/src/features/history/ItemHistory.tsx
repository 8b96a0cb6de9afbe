import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditEntryReply, AuditPageReply } from '../../../../functions/src/domain/replies';
import { Problem } from '../../ui/Problem';
import { describeEntry } from './describe';

const useStyles = makeStyles({
  list: { margin: 0, paddingInlineStart: '18px', display: 'flex', flexDirection: 'column', gap: '6px' },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  empty: { color: tokens.colorNeutralForeground3 },
});

export interface ItemHistoryProps {
  /** Kept mounted while it closes (see PlanList). */
  open: boolean;
  title: string;
  timeZone: string;
  /** A page of the item's history (GET /api/action-items/{id}/history). */
  load: (cursor?: string) => Promise<AuditPageReply>;
  onClose: () => void;
}

/** Who changed what on an item, when and through what, oldest first; loaded when opened. */
export function ItemHistory({ open, title, timeZone, load, onClose }: ItemHistoryProps) {
  const styles = useStyles();
  const [entries, setEntries] = useState<AuditEntryReply[] | null>(null);
  const [people, setPeople] = useState<Record<string, string>>({});
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The history is loaded once when opened, whatever the parent re-renders meanwhile.
  const loader = useRef(load);
  loader.current = load;

  const fetchPage = useCallback(
    (cursor?: string) => {
      setBusy(true);
      setError(null);
      loader.current(cursor)
        .then((page) => {
          setEntries((shown) => [...(cursor ? (shown ?? []) : []), ...page.items]);
          setPeople((known) => ({ ...known, ...page.people }));
          setNextCursor(page.nextCursor);
        })
        .catch((e: unknown) => setError(e instanceof Error ? e.message : 'The history could not be loaded.'))
        .finally(() => setBusy(false));
    },
    [],
  );
  useEffect(() => fetchPage(), [fetchPage]);

  const now = new Date();
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>History of “{title}”</DialogTitle>
          <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: '10px' }}>
            {error && <Problem title="Could not load the history" detail={error} onRetry={() => fetchPage(entries && nextCursor ? nextCursor : undefined)} />}
            {entries === null && !error && <Spinner size="small" label="Loading the history…" />}
            {entries?.length === 0 && <Text className={styles.empty}>No changes recorded yet.</Text>}
            {entries && entries.length > 0 && (
              <ol className={styles.list} aria-label="Changes, oldest first">
                {entries.map((entry) => {
                  const { who, what, via, when } = describeEntry(entry, { timeZone, people, now });
                  return (
                    <li key={entry.id}>
                      <Text weight="semibold">{who}</Text> <Text>{what}</Text>{' '}
                      <span className={styles.meta}>
                        · {via} · <time dateTime={entry.at}>{when}</time>
                      </span>
                    </li>
                  );
                })}
              </ol>
            )}
            {entries && nextCursor && !error && (
              <Button appearance="secondary" disabled={busy} onClick={() => fetchPage(nextCursor)}>
                {busy ? 'Loading…' : 'Show later changes'}
              </Button>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
