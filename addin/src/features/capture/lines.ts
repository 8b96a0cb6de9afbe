import type { Owner } from '../../../../functions/src/domain';
import type { DraftLine } from './draft';
import { parseQuickEntry, type QuickEntry, type QuickEntryContext } from './quick-entry';

/** A line as it will be saved: the typed words, overridden by whatever was picked with the controls. */
export interface ResolvedLine {
  line: DraftLine;
  parsed: QuickEntry;
  title: string;
  owner: Owner | null;
  ownerLabel: string;
  dueAt: string | null;
  dueLabel: string | null;
  tags: string[];
  /** What stops this line from being saved, in words for the user. */
  blockers: string[];
}

export function resolveLine(line: DraftLine, ctx: QuickEntryContext, formatDue: (iso: string) => string): ResolvedLine {
  const parsed = parseQuickEntry(line.text, ctx);
  const owner = line.owner?.owner ?? parsed.owner;
  const dueAt = line.dueAt ?? parsed.dueAt;
  const blockers: string[] = [];
  if (!parsed.title) blockers.push('Say what is to be done');
  if (!owner) blockers.push(parsed.problems.find((p) => /owner|pick one/i.test(p)) ?? 'Pick an owner');
  if (!dueAt) blockers.push(parsed.problems.find((p) => /date/i.test(p)) ?? 'Pick a due date');
  if (parsed.title.length > 200) blockers.push('Keep the title under 200 characters');
  return {
    line,
    parsed,
    title: parsed.title,
    owner,
    ownerLabel: line.owner?.label ?? parsed.ownerLabel,
    dueAt,
    dueLabel: line.dueAt ? formatDue(line.dueAt) : parsed.dueLabel,
    tags: line.tags ?? parsed.tags,
    blockers,
  };
}

/** The lines worth saving: those with text. */
export const filledLines = (lines: ResolvedLine[]) => lines.filter((l) => l.line.text.trim() !== '');
