import { Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Select, Spinner, Text, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import { GoalsInput, Traps } from '../../../../functions/src/domain';
import type { TrapsReply } from '../../../../functions/src/domain/replies';
import type { ApiClient } from '../../api/client';
import { Problem } from '../../ui/Problem';
import { whatFailed as explain } from './what-failed';

const useStyles = makeStyles({
  root: { padding: '16px', display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '720px' },
  row: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '8px 0 0' },
});

const ACTIONS = [
  { value: 'remind-owner', label: 'Remind the owner' },
  { value: 'notify-manager', label: 'Tell the manager' },
  { value: 'flag-agenda', label: 'Put on the review agenda' },
];

/** The team's traps and quotas, validated as you type with the same rules the API applies. */
export default function SettingsScreen({ api, teamId, members }: { api: ApiClient; teamId: string; members: { userId: string; displayName: string }[] }) {
  const styles = useStyles();
  const [traps, setTraps] = useState<TrapsReply | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [quotas, setQuotas] = useState<{ repId: string; quarter: string; amount: number }[]>([]);
  const [goalsEtag, setGoalsEtag] = useState<string | null>(null);
  const [goalsLoaded, setGoalsLoaded] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const quarter = `${new Date().getUTCFullYear()}-Q${Math.floor(new Date().getUTCMonth() / 3) + 1}`;

  const load = useCallback(() => {
    setMessage(null);
    api.traps(teamId).then(
      (r) => {
        setTraps(r.body);
        setEtag(r.etag);
      },
      (e: unknown) => setMessage({ ok: false, text: whatFailed('The ladder and traps could not be loaded', e) }),
    );
    api.goals(teamId).then(
      (r) => {
        setQuotas(r.body.quotas);
        setGoalsEtag(r.etag);
        setGoalsLoaded(true);
      },
      // Without the stored quotas a save would overwrite them: the quota fields stay off until they load.
      () => setGoalsLoaded(false),
    );
  }, [api, teamId]);
  useEffect(() => load(), [load]);

  if (!traps) return message ? <Problem title="Could not load the settings" detail={message.text} onRetry={load} /> : <Spinner style={{ padding: 24 }} label="Loading settings…" />;
  const check = Traps.safeParse(traps);
  const errorAt = (path: string) => (check.success ? undefined : check.error.issues.find((i) => i.path.join('.') === path)?.message);
  const set = (change: Partial<TrapsReply>) => setTraps({ ...traps, ...change });
  const quotaOf = (repId: string) => quotas.find((q) => q.repId === repId && q.quarter === quarter)?.amount;
  const goalsCheck = GoalsInput.safeParse({ quotas });

  const save = async () => {
    setMessage(null);
    setSaving(true);
    try {
      try {
        const r = await api.saveTraps(teamId, etag ?? '*', traps);
        setTraps(r.body);
        setEtag(r.etag);
      } catch (e) {
        return setMessage({ ok: false, text: whatFailed('The ladder and traps were not saved', e) });
      }
      if (!goalsLoaded) return setMessage({ ok: true, text: 'The ladder and traps were saved. The quotas could not be loaded, so they were left as they are.' });
      try {
        const g = await api.saveGoals(teamId, goalsEtag, { quotas });
        setGoalsEtag(g.etag);
      } catch (e) {
        return setMessage({ ok: false, text: whatFailed('The ladder and traps were saved, but the quotas were not', e) });
      }
      setMessage({ ok: true, text: 'Saved.' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <main className={styles.root} aria-label="Team settings">
      <h2 className={styles.h2}>Escalation ladder</h2>
      {traps.ladder.map((step, i) => (
        <div className={styles.row} key={i}>
          <Field label={`Step ${i + 1}: days after due`} validationMessage={errorAt(`ladder.${i}.afterDays`)}>
            <Input type="number" value={String(step.afterDays)} onChange={(_, d) => set({ ladder: traps.ladder.map((s, j) => (j === i ? { ...s, afterDays: Number(d.value) } : s)) })} />
          </Field>
          <Field label="Then">
            <Select value={step.action} onChange={(_, d) => set({ ladder: traps.ladder.map((s, j) => (j === i ? { ...s, action: d.value as typeof s.action } : s)) })}>
              {ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </Select>
          </Field>
          <Button onClick={() => set({ ladder: traps.ladder.filter((_, j) => j !== i) })} aria-label={`Remove step ${i + 1}`}>
            Remove
          </Button>
        </div>
      ))}
      <Button onClick={() => set({ ladder: [...traps.ladder, { afterDays: (traps.ladder.at(-1)?.afterDays ?? 0) + 1, action: 'remind-owner' }] })}>Add a step</Button>
      <h2 className={styles.h2}>Traps</h2>
      <div className={styles.row}>
        <Field label="Next step within (days)" validationMessage={errorAt('nextStepWithinDays')}>
          <Input type="number" value={String(traps.nextStepWithinDays)} onChange={(_, d) => set({ nextStepWithinDays: Number(d.value) })} />
        </Field>
        <Field label="Stale after (days)" validationMessage={errorAt('staleDealDays')}>
          <Input type="number" value={String(traps.staleDealDays)} onChange={(_, d) => set({ staleDealDays: Number(d.value) })} />
        </Field>
        <Field label="Prospecting per week" validationMessage={errorAt('weeklyProspectingTarget')}>
          <Input type="number" value={String(traps.weeklyProspectingTarget)} onChange={(_, d) => set({ weeklyProspectingTarget: Number(d.value) })} />
        </Field>
        <Field label="Snoozes per item" hint="How often a rep may snooze an item's next reminder (0: never)" validationMessage={errorAt('snoozeLimit')}>
          <Input type="number" value={String(traps.snoozeLimit)} onChange={(_, d) => set({ snoozeLimit: Number(d.value) })} />
        </Field>
      </div>
      <h2 className={styles.h2}>Quotas for {quarter}</h2>
      {goalsLoaded === false && <Text>The quotas could not be loaded; reopen Settings to change them.</Text>}
      {members.map((m) => (
        <Field key={m.userId} label={m.displayName} validationMessage={goalsCheck.success ? undefined : 'Quotas must be 0 or more'}>
          <Input
            disabled={goalsLoaded !== true}
            type="number"
            value={quotaOf(m.userId) === undefined ? '' : String(quotaOf(m.userId))}
            onChange={(_, d) =>
              setQuotas((qs) => [...qs.filter((q) => !(q.repId === m.userId && q.quarter === quarter)), ...(d.value === '' ? [] : [{ repId: m.userId, quarter, amount: Number(d.value) }])])
            }
          />
        </Field>
      ))}
      {message && (
        <MessageBar intent={message.ok ? 'success' : 'error'} role="status">
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button appearance="primary" disabled={saving || !check.success || !goalsCheck.success} onClick={() => void save()} icon={saving ? <Spinner size="tiny" /> : undefined}>
          {saving ? 'Saving…' : 'Save settings'}
        </Button>
        {!check.success && <Text>Fix the fields marked above to save.</Text>}
      </div>
    </main>
  );
}

/** What failed, and why, in words a manager can act on. */
function whatFailed(what: string, error: unknown): string {
  return explain(what, error, {
    stale: 'someone changed these settings meanwhile. Reload Settings and apply your change again.',
    forbidden: "only the team's manager or a Followthrough admin may change them.",
  });
}
