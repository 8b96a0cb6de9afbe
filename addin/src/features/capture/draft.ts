import type { Owner } from '../../../../functions/src/domain';

/** One line of the capture form: what was typed, plus any choice made with the explicit controls. */
export interface DraftLine {
  id: string;
  text: string;
  /** Chosen with the owner control; otherwise the line's own words decide. */
  owner?: { owner: Owner; label: string };
  /** Chosen with the due-date control (UTC instant). */
  dueAt?: string;
  /** Chosen with the tag controls; replaces the typed tags. */
  tags?: string[];
}

/** Everything typed for one meeting that is not saved yet. Kept on this device until the API has it. */
export interface Draft {
  lines: DraftLine[];
  dealId: string | null;
  /** Set at the first attempt to save and reused by every retry, so a retried save never duplicates. */
  idempotencyKey: string | null;
  updatedAt: string;
}

const PREFIX = 'followthrough:draft:v1';

export const draftKey = (userId: string, meetingKey: string) => `${PREFIX}:${userId}:${meetingKey}`;

export function newLine(): DraftLine {
  return { id: crypto.randomUUID(), text: '' };
}

export function emptyDraft(): Draft {
  return { lines: [newLine()], dealId: null, idempotencyKey: null, updatedAt: new Date().toISOString() };
}

/** The draft kept for this user and meeting, if any. Storage that is unavailable (private mode) just keeps nothing. */
export function loadDraft(key: string, storage: Storage = localStorage): Draft | null {
  try {
    const raw = storage.getItem(key);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    return Array.isArray(draft.lines) && draft.lines.length > 0 ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, draft: Draft, storage: Storage = localStorage): void {
  try {
    const worthKeeping = draft.lines.some((l) => l.text.trim() !== '');
    if (worthKeeping) storage.setItem(key, JSON.stringify({ ...draft, updatedAt: new Date().toISOString() }));
    else storage.removeItem(key);
  } catch {
    // Storage full or blocked: the draft lives in memory for this session.
  }
}

export function clearDraft(key: string, storage: Storage = localStorage): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to clear
  }
}
