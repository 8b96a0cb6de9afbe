import { Button, Checkbox, Field, makeStyles, MessageBar, MessageBarBody, Spinner, Text, Textarea, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ActionItemReply, RepAgendaReply, ReviewReply } from '../../../../functions/src/domain/replies';
import { ApiProblem, type ApiClient } from '../../api/client';
import { Problem } from '../../ui/Problem';
import { formatDay } from '../../ui/format';
import { type DraftLine, newLine } from '../capture/draft';
import { EntryLine } from '../capture/EntryLine';
import { filledLines, resolveLine } from '../capture/lines';
import { PlanList } from '../capture/PlanList';
import { dueAtOnDate, type QuickEntryContext, quickDueDates } from '../capture/quick-entry';
import { AgendaSummary, Commitments, DealsAtRisk, SlipGroups } from './AgendaSections';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '14px', padding: '16px', maxWidth: '960px' },
  h1: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: '6px 0' },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: '8px', alignItems: 'center' },
  past: { paddingBlock: '6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
});

export interface Person {
  userId: string;
  displayName: string;
  email: string;
}

/** The manager's review of one rep, run from the agenda: discuss, complete or reschedule, commit, note, finish. */
export function ReviewScreen({ api, teamId, rep, people, timeZone, onBack }: { api: ApiClient; teamId: string; rep: Person; people: Person[]; timeZone: string; onBack: () => void }) {
  const styles = useStyles();
  const [agenda, setAgenda] = useState<RepAgendaReply | null>(null);
  const [items, setItems] = useState<ActionItemReply[]>([]);
  const [past, setPast] = useState<ReviewReply[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [discussed, setDiscussed] = useState<Set<string>>(new Set());
  const [lines, setLines] = useState<DraftLine[]>(() => [newLine()]);
  const [focus, setFocus] = useState<{ id: string | null; seq: number }>({ id: null, seq: 0 });
  const [notes, setNotes] = useState('');
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const load = useCallback(() => {
    setError(null);
    Promise.all([api.repAgenda(teamId, rep.userId), api.openItemsOf(rep.userId), api.reviews(teamId, rep.userId)]).then(
      ([a, i, r]) => {
        setAgenda(a);
        setItems(i.items);
        setPast(r.items);
      },
      (e: Error) => setError(e.message),
    );
  }, [api, teamId, rep.userId]);
  useEffect(load, [load]);

  const ctx: QuickEntryContext = useMemo(
    () => ({
      now: new Date(),
      timeZone,
      me: { name: rep.displayName, email: rep.email, userId: rep.userId },
      ourSide: people.filter((p) => p.userId !== rep.userId).map((p) => ({ name: p.displayName, email: p.email, userId: p.userId })),
      buyerSide: [],
    }),
    [timeZone, rep, people],
  );
  const dueHourFor = (date: string) => dueAtOnDate(date, timeZone);
  const loadHistory = useCallback((itemId: string, cursor?: string) => api.itemHistory(itemId, cursor), [api]);
  // In a review, "me" in a line is the rep whose commitments these are.
  const resolved = lines
    .map((l) => resolveLine(l, ctx, (iso) => formatDay(iso, timeZone)))
    .map((r) => (r.owner?.type === 'user' && r.owner.userId === rep.userId && !r.line.owner ? { ...r, ownerLabel: rep.displayName } : r));
  const commitments = filledLines(resolved);
  const names = new Map(people.map((p) => [p.userId, p.userId === rep.userId ? rep.displayName : p.displayName]));
  const byId = new Map(items.map((i) => [i.id, i]));
  const overdueItems = (agenda?.overdue ?? []).flatMap((o) => (byId.get(o.itemId) ? [byId.get(o.itemId) as ActionItemReply] : []));
  const soonItems = (agenda?.dueSoon ?? []).flatMap((o) => (byId.get(o.itemId) ? [byId.get(o.itemId) as ActionItemReply] : []));
  const update = async (item: ActionItemReply, patch: object) => {
    await api.updateItem(item.id, item.etag, patch);
    setDiscussed((d) => new Set(d).add(item.id));
    load();
  };
  const discussBox = (item: ActionItemReply) => (
    <Checkbox
      aria-label={`Discussed: ${item.title}`}
      title="Discussed"
      checked={discussed.has(item.id)}
      onChange={(_, d) => setDiscussed((s) => {
        const next = new Set(s);
        if (d.checked) next.add(item.id);
        else next.delete(item.id);
        return next;
      })}
    />
  );

  const finish = async () => {
    if (commitments.some((c) => c.blockers.length > 0)) return;
    setSaving(true);
    setError(null);
    try {
      await api.createReview(
        {
          teamId,
          repId: rep.userId,
          kind: 'weekly',
          notes,
          discussedItemIds: [...discussed],
          commitments: commitments.map((c) => ({ title: c.title, owner: c.owner, dueAt: c.dueAt, tags: c.tags })),
        },
        idempotencyKey,
      );
      setSaved(`Review saved with ${commitments.length} ${commitments.length === 1 ? 'commitment' : 'commitments'}.`);
      setLines([newLine()]);
      setNotes('');
      setDiscussed(new Set());
      setIdempotencyKey(crypto.randomUUID());
      load();
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : `Not saved — nothing is lost, try again. (${e instanceof Error ? e.message : ''})`);
    } finally {
      setSaving(false);
    }
  };

  if (!agenda && !error) return <Spinner style={{ padding: 24 }} label={`Building ${rep.displayName}’s agenda…`} />;
  return (
    <main className={styles.root} aria-label={`Review of ${rep.displayName}`}>
      <div className={styles.actions}>
        <Button appearance="subtle" onClick={onBack}>
          ← Team
        </Button>
        <h1 className={styles.h1}>Review: {rep.displayName}</h1>
      </div>
      {error && <Problem title="Something went wrong" detail={error} onRetry={load} />}
      {saved && (
        <MessageBar intent="success" role="status">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {agenda && (
        <>
          <Text className={styles.meta}>Since {new Date(agenda.since.at).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone })}{agenda.since.reviewId ? ' (last review)' : ''}</Text>
          <AgendaSummary agenda={agenda} timeZone={timeZone} />
          <section aria-label="Commitments from last time">
            <h2 className={styles.h2}>Commitments from last time</h2>
            <Commitments agenda={agenda} timeZone={timeZone} />
          </section>
          <PlanList title={`Overdue (${overdueItems.length})`} items={overdueItems} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing overdue." onUpdate={update} lead={discussBox} leadLabel="Discussed" loadHistory={loadHistory} />
          <section aria-label="Why things slipped">
            <h2 className={styles.h2}>Why things slipped</h2>
            <SlipGroups agenda={agenda} />
          </section>
          <PlanList title={`Due in the next 7 days (${soonItems.length})`} items={soonItems} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing due this week." onUpdate={update} lead={discussBox} leadLabel="Discussed" loadHistory={loadHistory} />
          <section aria-label="Deals at risk">
            <h2 className={styles.h2}>Deals at risk</h2>
            <DealsAtRisk agenda={agenda} />
          </section>
        </>
      )}
      <section aria-label="New commitments">
        <h2 className={styles.h2}>New commitments</h2>
        {resolved.map((r, index) => (
          <EntryLine
            key={r.line.id}
            index={index}
            resolved={r}
            owners={[{ owner: { type: 'user', userId: rep.userId }, label: rep.displayName }, ...people.filter((p) => p.userId !== rep.userId).map((p) => ({ owner: { type: 'user' as const, userId: p.userId }, label: p.displayName }))]}
            quickDates={quickDueDates(['tomorrow', 'friday', 'next week'], ctx, (iso) => formatDay(iso, timeZone))}
            timeZone={timeZone}
            dueHourFor={dueHourFor}
            focusRequest={focus.id === r.line.id ? focus.seq : undefined}
            onChange={(change) => setLines((ls) => ls.map((l) => (l.id === r.line.id ? { ...l, ...change } : l)))}
            onEnter={() => {
              const line = newLine();
              setLines((ls) => [...ls, line]);
              setFocus((f) => ({ id: line.id, seq: f.seq + 1 }));
            }}
            onRemove={() => setLines((ls) => (ls.length > 1 ? ls.filter((l) => l.id !== r.line.id) : [newLine()]))}
            onSubmit={() => void finish()}
          />
        ))}
      </section>
      <Field label="Notes">
        <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} resize="vertical" />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={() => void finish()} disabled={saving || commitments.some((c) => c.blockers.length > 0)}>
          {saving ? 'Saving…' : 'Finish review'}
        </Button>
        <Text className={styles.meta}>{discussed.size} discussed · {commitments.length} new commitments</Text>
      </div>
      <section aria-label="Past reviews">
        <h2 className={styles.h2}>Past reviews</h2>
        {past.length === 0 && <Text className={styles.meta}>No earlier review.</Text>}
        {past.map((r) => (
          <details key={r.id} className={styles.past}>
            <summary>
              {new Date(r.heldAt).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone })} · {r.kind} · {r.commitmentIds.length} commitments
            </summary>
            <p>{r.notes || 'No notes.'}</p>
          </details>
        ))}
      </section>
    </main>
  );
}
