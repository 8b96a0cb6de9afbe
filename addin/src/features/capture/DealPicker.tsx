import { Button, Combobox, Field, Input, makeStyles, Option, OptionGroup, Text, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { DealReply } from '../../../../functions/src/domain/replies';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '6px' },
  reason: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  form: { display: 'flex', flexDirection: 'column', gap: '6px', padding: '8px', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: 'flex', gap: '6px' },
});

export interface DealPickerProps {
  deals: DealReply[];
  suggestions: { deal: DealReply; reason: string }[];
  dealId: string | null;
  onSelect: (dealId: string | null) => void;
  /** Creates the deal; one key per name and account typed, so a double click or a retry creates one deal. */
  onCreate: (deal: { name: string; account: string }, idempotencyKey: string) => Promise<void>;
  /** The buyer's company, to prefill a new deal's account. */
  buyerCompany: string;
}

const NONE = '__none__';
const NEW = '__new__';

/** The deal the meeting belongs to: suggested, searchable, or created on the spot. */
export function DealPicker({ deals, suggestions, dealId, onSelect, onCreate, buyerCompany }: DealPickerProps) {
  const styles = useStyles();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [account, setAccount] = useState(buyerCompany);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [createKey, setCreateKey] = useState(() => crypto.randomUUID());
  const selected = deals.find((d) => d.id === dealId) ?? suggestions.find((s) => s.deal.id === dealId)?.deal ?? null;
  const suggestedIds = new Set(suggestions.map((s) => s.deal.id));
  const others = deals.filter((d) => !suggestedIds.has(d.id) && d.stage !== 'won' && d.stage !== 'lost');
  const reason = suggestions.find((s) => s.deal.id === dealId)?.reason;
  const label = (d: DealReply) => `${d.account} — ${d.name}`;

  return (
    <div className={styles.root}>
      <Field label="Deal" hint={reason ? `Suggested: ${reason}` : undefined}>
        <Combobox
          placeholder="Search your deals"
          value={selected ? label(selected) : ''}
          selectedOptions={[dealId ?? NONE]}
          onOptionSelect={(_, data) => {
            if (data.optionValue === NEW) setCreating(true);
            else onSelect(data.optionValue === NONE || !data.optionValue ? null : data.optionValue);
          }}
        >
          {suggestions.length > 0 && (
            <OptionGroup label="Suggested">
              {suggestions.map((s) => (
                <Option key={s.deal.id} value={s.deal.id} text={label(s.deal)}>
                  {label(s.deal)}
                </Option>
              ))}
            </OptionGroup>
          )}
          <OptionGroup label="Your open deals">
            {others.map((d) => (
              <Option key={d.id} value={d.id} text={label(d)}>
                {label(d)}
              </Option>
            ))}
          </OptionGroup>
          <Option value={NONE} text="No deal">
            No deal
          </Option>
          <Option value={NEW} text="New deal…">
            New deal…
          </Option>
        </Combobox>
      </Field>
      {creating && (
        <form
          className={styles.form}
          aria-label="New deal"
          onSubmit={(event) => {
            event.preventDefault();
            setBusy(true);
            setError(null);
            onCreate({ name: name.trim(), account: account.trim() }, createKey)
              .then(() => {
                setCreating(false);
                setCreateKey(crypto.randomUUID());
              })
              .catch((e: unknown) => setError(e instanceof Error ? e.message : 'The deal could not be created.'))
              .finally(() => setBusy(false));
          }}
        >
          <Field label="Deal name" required validationMessage={error ?? undefined}>
            <Input value={name} onChange={(_, d) => { setName(d.value); setCreateKey(crypto.randomUUID()); }} autoFocus />
          </Field>
          <Field label="Account" required>
            <Input value={account} onChange={(_, d) => { setAccount(d.value); setCreateKey(crypto.randomUUID()); }} />
          </Field>
          <div className={styles.row}>
            <Button type="submit" appearance="primary" disabled={busy || !name.trim() || !account.trim()}>
              Create deal
            </Button>
            <Button onClick={() => setCreating(false)}>Cancel</Button>
          </div>
        </form>
      )}
      {!selected && !creating && suggestions.length === 0 && <Text className={styles.reason}>No earlier meeting with these people: pick a deal or create one.</Text>}
    </div>
  );
}
