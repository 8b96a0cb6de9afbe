import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { SlipReason } from '../../../../functions/src/domain/slip';
import type { ActionItemReply } from '../../../../functions/src/domain/replies';
import { dateInputValue } from '../../ui/format';
import { SLIP_CHOICES } from './slip-choices';


export interface RescheduleDialogProps {
  /** Kept mounted while it closes (see PlanList). */
  open: boolean;
  item: ActionItemReply;
  timeZone: string;
  dueHourFor: (date: string) => string;
  onSubmit: (dueAt: string, slip: { reason: SlipReason; note?: string }) => Promise<void>;
  onClose: () => void;
}

/** Moving a due date always says why: no silent slips. */
export function RescheduleDialog({ open, item, timeZone, dueHourFor, onSubmit, onClose }: RescheduleDialogProps) {
  const [date, setDate] = useState(() => dateInputValue(new Date(Math.max(Date.now(), Date.parse(item.dueAt)) + 86_400_000).toISOString(), timeZone));
  const [reason, setReason] = useState<SlipReason | ''>('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const noteMissing = reason === 'other' && note.trim() === '';
  return (
    <Dialog open={open} onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason || noteMissing || !date) return;
            setBusy(true);
            setError(null);
            onSubmit(dueHourFor(date), { reason, ...(note.trim() ? { note: note.trim() } : {}) })
              .then(onClose)
              .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Could not reschedule.'))
              .finally(() => setBusy(false));
          }}
        >
          <DialogBody>
            <DialogTitle>Reschedule “{item.title}”</DialogTitle>
            <DialogContent style={{ display: 'flex', flexDirection: 'column', gap: '10px' }}>
              <Field label="New due date" required>
                <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
              </Field>
              <Field label="Why is it moving?" required validationMessage={error ?? undefined}>
                <RadioGroup value={reason} onChange={(_, d) => setReason(d.value as SlipReason)}>
                  {SLIP_CHOICES.map((c) => (
                    <Radio key={c.reason} value={c.reason} label={c.label} />
                  ))}
                </RadioGroup>
              </Field>
              <Field label="In your words" required={reason === 'other'} validationMessage={noteMissing ? 'Say what happened' : undefined}>
                <Textarea value={note} onChange={(_, d) => setNote(d.value)} maxLength={1000} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={busy || !reason || noteMissing || !date}>
                Reschedule
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
