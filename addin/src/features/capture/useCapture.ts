import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ActionItemReply, MeetingOutcomesReply } from '../../../../functions/src/domain/replies';
import { ApiProblem, type ApiClient, ApiUnreachable } from '../../api/client';
import type { MeetingContext } from '../../host/types';
import { clearDraft, type Draft, draftKey, emptyDraft, loadDraft, newLine, saveDraft } from './draft';
import { filledLines, type ResolvedLine } from './lines';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  /** Not saved yet: kept on this device, retried automatically. */
  | { kind: 'waiting'; reason: string; attempts: number }
  | { kind: 'refused'; message: string; fieldErrors: { path: string; message: string }[] }
  | { kind: 'saved'; count: number };

const RETRY_MS = [2000, 5000, 10_000, 20_000, 30_000];

/**
 * The capture form's state: the draft (kept in browser storage per user and meeting on every change), the save with
 * one Idempotency-Key for all its retries, and automatic retries while the API cannot be reached. Nothing typed is
 * lost: the draft is cleared only once the API has answered 201.
 */
export function useCapture(api: ApiClient, meeting: MeetingContext, userId: string) {
  const storageKey = draftKey(userId, meeting.key);
  // Read once: a draft kept from before (a reload, the pane closed while offline) is picked up where it was.
  const [initial] = useState(() => loadDraft(storageKey));
  const [draft, setDraft] = useState<Draft>(() => initial ?? emptyDraft());
  const restored = initial !== null;
  const [save, setSave] = useState<SaveState>(restored && draft.idempotencyKey ? { kind: 'waiting', reason: 'Saved on this device; sending now…', attempts: 0 } : { kind: 'idle' });
  const [captured, setCaptured] = useState<MeetingOutcomesReply | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const pending = useRef<{ body: unknown; key: string; lineIds: string[] } | null>(null);
  const [pendingLines, setPendingLines] = useState<string[]>([]);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);

  useEffect(() => saveDraft(storageKey, draft), [storageKey, draft]);

  const reload = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      setCaptured(await api.meeting(meeting.key));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) setCaptured(null);
      else setLoadError(error instanceof Error ? error.message : 'Could not load this meeting.');
    } finally {
      setLoading(false);
    }
  }, [api, meeting.key]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const update = useCallback((change: (d: Draft) => Draft) => setDraft((d) => change(d)), []);

  const send = useCallback(async () => {
    const request = pending.current;
    if (!request || inFlight.current) return;
    inFlight.current = true;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    setSave((s) => (s.kind === 'waiting' ? s : { kind: 'saving' }));
    try {
      const reply = await api.captureOutcomes(meeting.key, request.body, request.key);
      pending.current = null;
      setPendingLines([]);
      // Only the lines that were sent leave the draft: anything typed while the save waited stays.
      setDraft((d) => {
        const rest = d.lines.filter((l) => !request.lineIds.includes(l.id));
        if (rest.length === 0 || rest.every((l) => l.text.trim() === '')) {
          clearDraft(storageKey);
          return { ...emptyDraft(), dealId: d.dealId };
        }
        return { ...d, lines: rest, idempotencyKey: null };
      });
      setCaptured(reply);
      setSave({ kind: 'saved', count: (request.body as { items: unknown[] }).items.length });
    } catch (error) {
      const expired = error instanceof ApiProblem && error.status === 401;
      // 409: the same save is still being handled (an earlier attempt): wait and ask again with the same key.
      const inProgress = error instanceof ApiProblem && error.status === 409;
      if (error instanceof ApiUnreachable || expired || inProgress || !(error instanceof ApiProblem)) {
        setSave((s) => {
          const attempts = s.kind === 'waiting' ? s.attempts + 1 : 1;
          const wait = RETRY_MS[Math.min(attempts - 1, RETRY_MS.length - 1)] as number;
          retryTimer.current = setTimeout(() => void send(), wait);
          return {
            kind: 'waiting',
            attempts,
            reason: expired ? 'Your sign-in expired. Your items are kept on this device and will be saved once you are signed in again.' : 'Followthrough cannot be reached. Your items are kept on this device and will be saved as soon as it is back.',
          };
        });
        return;
      }
      pending.current = null;
      setPendingLines([]);
      setDraft((d) => ({ ...d, idempotencyKey: null }));
      setSave({ kind: 'refused', message: error.message, fieldErrors: error.problem.errors ?? [] });
    } finally {
      inFlight.current = false;
    }
  }, [api, meeting.key, storageKey]);

  /** Saves every filled line at once. */
  const saveAll = useCallback(
    (lines: ResolvedLine[], dealId: string | null) => {
      // A save already under way is not started twice: asking again while it waits retries it now; while its request
      // is in flight, nothing more is sent.
      if (pending.current) {
        void send();
        return true;
      }
      const items = filledLines(lines);
      if (items.length === 0 || items.some((l) => l.blockers.length > 0)) return false;
      const key = draft.idempotencyKey ?? crypto.randomUUID();
      if (!draft.idempotencyKey) setDraft((d) => ({ ...d, idempotencyKey: key }));
      const lineIds = items.map((l) => l.line.id);
      setPendingLines(lineIds);
      pending.current = {
        key,
        lineIds,
        body: {
          meeting: {
            subject: meeting.subject,
            start: meeting.start,
            end: meeting.end,
            ...(meeting.organizer?.email ? { organizer: meeting.organizer } : {}),
            attendees: meeting.attendees.filter((a) => a.email),
          },
          ...(dealId ? { dealId } : {}),
          items: items.map((l) => ({ title: l.title, owner: l.owner, dueAt: l.dueAt, tags: l.tags })),
        },
      };
      void send();
      return true;
    },
    [draft.idempotencyKey, meeting, send],
  );

  // A draft restored with a save in flight (the page was reloaded while offline) is sent again as soon as possible.
  const restoredLines = useRef(restored && draft.idempotencyKey !== null);
  useEffect(() => {
    const online = () => pending.current && void send();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      if (retryTimer.current) clearTimeout(retryTimer.current);
    };
  }, [send]);

  const itemsUpdated = useCallback((item: ActionItemReply) => {
    setCaptured((c) => (c ? { ...c, items: c.items.map((i) => (i.id === item.id ? item : i)) } : c));
  }, []);

  return useMemo(
    () => ({
      draft,
      update,
      addLine: () => {
        const line = newLine();
        setDraft((d) => ({ ...d, lines: [...d.lines, line] }));
        return line.id;
      },
      removeLine: (id: string) => setDraft((d) => ({ ...d, lines: d.lines.length > 1 ? d.lines.filter((l) => l.id !== id) : [newLine()] })),
      save,
      saveAll,
      /** Lines being saved: shown read-only, since a retry must send exactly what the first attempt sent. */
      pendingLines,
      retryNow: () => void send(),
      dismissSaved: () => setSave({ kind: 'idle' }),
      captured,
      loading,
      loadError,
      reload,
      itemsUpdated,
      restored,
      resumePending: restoredLines.current,
    }),
    [draft, update, save, saveAll, pendingLines, send, captured, loading, loadError, reload, itemsUpdated, restored],
  );
}
