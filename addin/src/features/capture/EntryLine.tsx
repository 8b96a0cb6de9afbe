import { Input, makeStyles, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useEffect, useRef } from 'react';
import type { Owner } from '../../../../functions/src/domain';
import type { DraftLine } from './draft';
import type { ResolvedLine } from './lines';

const EntryChips = lazy(() => import('./EntryChips'));

/** What a line understood, in words: shown until the chips have loaded. */
const summary = (r: ResolvedLine) => [r.owner ? r.ownerLabel : 'no owner yet', r.dueLabel ?? 'no due date yet', ...r.tags.map((t) => `#${t}`)].join(' · ');

const useStyles = makeStyles({
  line: { display: 'flex', flexDirection: 'column', gap: '4px', paddingBlock: '6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  summary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, minHeight: '24px' },
  blocker: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
});

export interface OwnerChoice {
  owner: Owner;
  label: string;
}

export interface EntryLineProps {
  index: number;
  resolved: ResolvedLine;
  owners: OwnerChoice[];
  quickDates: { label: string; dueAt: string }[];
  timeZone: string;
  dueHourFor: (date: string) => string;
  /** Changes each time this line is asked to take the focus (Enter, Backspace, a blocked save). */
  focusRequest?: number;
  /** Part of a save in flight: not editable until it lands. */
  readOnly?: boolean;
  onChange: (change: Partial<DraftLine>) => void;
  onEnter: () => void;
  onRemove: () => void;
  onSubmit: () => void;
}

/** One action item in fast entry: a line of text, and chips showing (and changing) what it understood. */
export function EntryLine({ index, resolved, owners, quickDates, timeZone, dueHourFor, focusRequest, readOnly, onChange, onEnter, onRemove, onSubmit }: EntryLineProps) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusRequest !== undefined) input.current?.focus();
  }, [focusRequest]);
  const { line } = resolved;
  const filled = line.text.trim() !== '';
  const label = `Action item ${index + 1}`;

  return (
    <div className={styles.line} role="group" aria-label={label}>
      <Input
        ref={input}
        value={line.text}
        readOnly={readOnly}
        aria-label={`${label}: what, who, by when — e.g. Send pricing to Dana by Friday #map`}
        placeholder={index === 0 ? 'Send pricing to Dana by Friday #map' : 'Next action item'}
        onChange={(_, data) => onChange({ text: data.value })}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmit();
          } else if (event.key === 'Enter') {
            event.preventDefault();
            onEnter();
          } else if (event.key === 'Backspace' && line.text === '' && index > 0) {
            event.preventDefault();
            onRemove();
          }
        }}
      />
      {filled && !readOnly && (
        <Suspense fallback={<div className={styles.summary}>{summary(resolved)}</div>}>
          <EntryChips index={index} resolved={resolved} owners={owners} quickDates={quickDates} timeZone={timeZone} dueHourFor={dueHourFor} onChange={onChange} onRemove={onRemove} />
        </Suspense>
      )}
      {filled && readOnly && <div className={styles.summary}>Saving: {summary(resolved)}</div>}
      {filled && resolved.blockers.length > 0 && (
        <div className={styles.blocker} role="status">
          {resolved.blockers.join(' · ')}
        </div>
      )}
    </div>
  );
}
