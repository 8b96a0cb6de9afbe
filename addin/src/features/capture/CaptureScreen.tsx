import { Button, makeStyles, Spinner, Text, tokens } from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionItemReply, DealReply, MeReply } from '../../../../functions/src/domain/replies';
import type { ApiClient } from '../../api/client';
import type { MeetingContext } from '../../host/types';
import { formatDay, formatMeetingTime } from '../../ui/format';
import { EntryLine, type OwnerChoice } from './EntryLine';
import { filledLines, resolveLine } from './lines';
import { displayName, splitAttendees } from './people';
import { dueAtOnDate, type QuickEntryContext, quickDueDates } from './quick-entry';
import { useCapture } from './useCapture';

// Loaded right after the first paint: the entry line is usable before any of these arrive.
const DealPicker = lazy(() => import('./DealPicker').then((m) => ({ default: m.DealPicker })));
const PlanList = lazy(() => import('./PlanList').then((m) => ({ default: m.PlanList })));
const SaveBanner = lazy(() => import('./SaveBanner').then((m) => ({ default: m.SaveBanner })));
const Problem = lazy(() => import('../../ui/Problem').then((m) => ({ default: m.Problem })));

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '12px', padding: '12px', maxWidth: '720px', boxSizing: 'border-box' },
  subject: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  h2: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  rule: { border: 'none', borderTop: `1px solid ${tokens.colorNeutralStroke2}`, width: '100%', margin: 0 },
  placeholder: { minHeight: '58px' },
});

export interface CaptureScreenProps {
  api: ApiClient;
  meeting: MeetingContext;
  me: MeReply;
  timeZone: string;
}

/** Right after a customer meeting: what was agreed, in seconds, before anyone forgets. */
export function CaptureScreen({ api, meeting, me, timeZone }: CaptureScreenProps) {
  const styles = useStyles();
  const capture = useCapture(api, meeting, me.userId);
  const people = useMemo(() => splitAttendees(meeting, me.email), [meeting, me.email]);
  const [colleagues, setColleagues] = useState<{ userId: string; displayName: string; email: string }[]>([]);
  const [deals, setDeals] = useState<DealReply[]>([]);
  const [suggestions, setSuggestions] = useState<{ deal: DealReply; reason: string }[]>([]);
  const [plan, setPlan] = useState<ActionItemReply[]>([]);
  // Which line takes the focus, and a counter so that asking twice for the same line still moves the focus.
  const [focus, setFocus] = useState<{ id: string | null; seq: number }>({ id: capture.draft.lines[0]?.id ?? null, seq: 0 });
  const setFocusLine = (id: string | null) => setFocus((f) => ({ id, seq: f.seq + 1 }));
  const [peopleLoaded, setPeopleLoaded] = useState(false);

  useEffect(() => {
    const emails = [...people.ours, ...people.buyers].map((a) => a.email);
    void Promise.all([
      api.colleagues([me.email, ...people.ours.map((a) => a.email)]).catch(() => ({ items: [] })),
      api.teams().catch(() => ({ items: [] })),
      api.deals().catch(() => ({ items: [], nextCursor: null })),
      emails.length ? api.dealSuggestions(emails).catch(() => ({ items: [] })) : Promise.resolve({ items: [] }),
    ]).then(([found, teams, dealPage, suggested]) => {
      const everyone = new Map([...found.items, ...teams.items.flatMap((t) => [...t.members, ...(t.manager ? [t.manager] : [])])].map((c) => [c.userId, c]));
      setColleagues([...everyone.values()].filter((c) => c.userId !== me.userId));
      setDeals(dealPage.items);
      setSuggestions(suggested.items);
      setPeopleLoaded(true);
    });
  }, [api, me.email, me.userId, people]);

  const dealId = capture.draft.dealId ?? capture.captured?.meeting.dealId ?? suggestions[0]?.deal.id ?? null;
  const refreshPlan = useCallback(() => {
    if (!dealId) return setPlan([]);
    api.openItemsOfDeal(dealId).then((page) => setPlan(page.items), () => setPlan([]));
  }, [api, dealId]);
  useEffect(refreshPlan, [refreshPlan, capture.captured]);

  const ctx: QuickEntryContext = useMemo(
    () => ({
      now: new Date(),
      timeZone,
      me: { name: me.displayName, email: me.email, userId: me.userId },
      ourSide: [
        ...colleagues.map((c) => ({ name: c.displayName, email: c.email, userId: c.userId })),
        ...people.ours.filter((a) => a.email !== me.email && !colleagues.some((c) => c.email === a.email)).map((a) => ({ name: displayName(a), email: a.email })),
      ],
      buyerSide: people.buyers.map((a) => ({ name: displayName(a), email: a.email })),
    }),
    [timeZone, me, colleagues, people],
  );
  const dueHourFor = useCallback((date: string) => dueAtOnDate(date, timeZone), [timeZone]);
  const quickDates = useMemo(() => quickDueDates(['today', 'tomorrow', 'friday', 'next week', 'in 2 weeks'], ctx, (iso) => formatDay(iso, timeZone)), [ctx, timeZone]);
  const owners: OwnerChoice[] = useMemo(
    () => [
      { owner: { type: 'user', userId: me.userId }, label: 'Me' },
      ...colleagues.map((c) => ({ owner: { type: 'user' as const, userId: c.userId }, label: c.displayName })),
      ...people.buyers.map((b) => ({ owner: { type: 'contact' as const, name: displayName(b), email: b.email }, label: `${displayName(b)} (buyer)` })),
    ],
    [me.userId, colleagues, people.buyers],
  );
  const resolved = capture.draft.lines.map((line) => resolveLine(line, ctx, (iso) => formatDay(iso, timeZone)));
  const toSave = filledLines(resolved);
  const blocked = toSave.some((l) => l.blockers.length > 0);
  const save = () => {
    if (!capture.saveAll(resolved, dealId)) setFocusLine(toSave.find((l) => l.blockers.length)?.line.id ?? null);
  };
  // After a reload with a save in flight: send it again (same Idempotency-Key) once the people are known.
  const resumed = useRef(false);
  useEffect(() => {
    if (!peopleLoaded || !capture.resumePending || resumed.current) return;
    resumed.current = true;
    capture.saveAll(resolved, dealId);
  });

  const names = useMemo(() => new Map([[me.userId, 'Me'], ...colleagues.map((c) => [c.userId, c.displayName] as const)]), [me.userId, colleagues]);
  const update = async (item: ActionItemReply, patch: object) => {
    const saved = await api.updateItem(item.id, item.etag, patch);
    capture.itemsUpdated(saved);
    refreshPlan();
  };
  const capturedIds = new Set(capture.captured?.items.map((i) => i.id));
  const sellerPlan = plan.filter((i) => i.owner.type === 'user' && !capturedIds.has(i.id));
  const buyerPlan = plan.filter((i) => i.owner.type === 'contact' && !capturedIds.has(i.id));
  const buyerCompany = people.buyers[0]?.email.split('@')[1]?.split('.')[0] ?? '';

  return (
    <main className={styles.root} aria-label="Capture meeting outcomes">
      <header>
        <h1 className={styles.subject}>{meeting.subject || '(No subject)'}</h1>
        <div className={styles.meta}>{formatMeetingTime(meeting.start, meeting.end, timeZone)}</div>
        <div className={styles.meta}>Our side: {people.ours.map(displayName).join(', ') || '—'}</div>
        <div className={styles.meta}>Buyer side: {people.buyers.map(displayName).join(', ') || '—'}</div>
      </header>

      <Suspense fallback={<div className={styles.placeholder} aria-busy="true" />}>
        <DealPicker
          deals={deals}
          suggestions={suggestions}
          dealId={dealId}
          buyerCompany={buyerCompany ? buyerCompany[0]?.toUpperCase() + buyerCompany.slice(1) : ''}
          onSelect={(id) => capture.update((d) => ({ ...d, dealId: id }))}
          onCreate={async (input) => {
            const deal = await api.createDeal(input, crypto.randomUUID());
            setDeals((ds) => [...ds, deal]);
            capture.update((d) => ({ ...d, dealId: deal.id }));
          }}
        />
      </Suspense>

      {capture.save.kind !== 'idle' && capture.save.kind !== 'saving' && (
        <Suspense fallback={null}>
          <SaveBanner state={capture.save} onRetry={capture.retryNow} />
        </Suspense>
      )}

      <section aria-label="New action items">
        <h2 className={styles.h2}>Action items</h2>
        {resolved.map((r, index) => (
          <EntryLine
            key={r.line.id}
            index={index}
            resolved={r}
            owners={owners}
            quickDates={quickDates}
            timeZone={timeZone}
            dueHourFor={dueHourFor}
            focusRequest={focus.id === r.line.id ? focus.seq : undefined}
            readOnly={capture.pendingLines.includes(r.line.id)}
            onChange={(change) => capture.update((d) => ({ ...d, lines: d.lines.map((l) => (l.id === r.line.id ? { ...l, ...change } : l)) }))}
            onEnter={() => {
              const next = capture.draft.lines[index + 1];
              setFocusLine(next ? next.id : capture.addLine());
            }}
            onRemove={() => {
              setFocusLine(capture.draft.lines[Math.max(0, index - 1)]?.id ?? null);
              capture.removeLine(r.line.id);
            }}
            onSubmit={save}
          />
        ))}
        <div className={styles.actions} style={{ marginTop: '8px' }}>
          <Button appearance="primary" onClick={save} disabled={toSave.length === 0 || capture.save.kind === 'saving'}>
            {capture.save.kind === 'saving' ? 'Saving…' : `Save ${toSave.length || ''} ${toSave.length === 1 ? 'item' : 'items'}`.replace('  ', ' ')}
          </Button>
          <Button onClick={() => setFocusLine(capture.addLine())}>Add item</Button>
        </div>
        <Text className={styles.hint}>Enter adds a line · Ctrl+Enter saves all{blocked ? ' · fix the lines marked in red first' : ''}</Text>
      </section>

      <hr className={styles.rule} />
      <Suspense fallback={<Spinner size="tiny" label="Loading…" />}>
      {capture.loading ? (
        <Spinner size="tiny" label="Loading what was captured…" />
      ) : capture.loadError ? (
        <Problem title="Could not load this meeting’s items" detail={capture.loadError} onRetry={() => void capture.reload()} />
      ) : (
        <PlanList
          title="Captured in this meeting"
          items={capture.captured?.items ?? []}
          names={names}
          timeZone={timeZone}
          dueHourFor={dueHourFor}
          emptyText="Nothing captured yet for this meeting."
          onUpdate={update}
        />
      )}
      {dealId && (
        <>
          <PlanList title="Our side — open on this deal" items={sellerPlan} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing else open on our side." onUpdate={update} />
          <PlanList title="Buyer side — open on this deal" items={buyerPlan} names={names} timeZone={timeZone} dueHourFor={dueHourFor} emptyText="Nothing open on the buyer’s side." onUpdate={update} />
        </>
      )}
      </Suspense>
    </main>
  );
}
