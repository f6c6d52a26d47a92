/**
 * Reading an apply journal (JSON lines, output/journal-writer.ts writes them). PURE: the caller reads the file.
 *
 * The writer syncs each line to disk before the request it announces, so a run killed at any moment leaves
 * every line whole but possibly the last, cut in the middle of its write. That last line is dropped (and said:
 * `truncated`); any other bad line is the file's problem: one InputFileError naming the line and the path of the
 * bad key, never its content. Lines must also tell a story that happened: every answer (`done`, `failed`) follows
 * the intent it answers, within a run announced by its `run` line.
 */
import { InputFileError } from '../errors.js';
import { zodProblems } from './issues.js';
import { journalEntrySchema } from './schema.js';
import type { JournalEntry } from './types.js';

export interface JournalRead {
  readonly entries: readonly JournalEntry[];
  /** The last line was cut (the run was killed while writing it) and left out. */
  readonly truncated: boolean;
}

const MAX_PROBLEMS = 10;

export function parseJournal(text: string, file: string): JournalRead {
  const lines = text.split('\n');
  // A complete file ends with a newline: the piece after the last one is empty, or a line cut by a kill.
  const last = lines.pop() ?? '';
  const entries: JournalEntry[] = [];
  const problems: string[] = [];
  const runs = new Set<string>();
  const intents = new Set<string>();
  const stepKey = (e: { run_id: string; account: string; item_id: string; step_index: number; op: string }) =>
    JSON.stringify([e.run_id, e.account, e.item_id, e.step_index, e.op]);

  /** The line's entry, or undefined with its problems added (unless `quiet`: a last line cut by a kill). */
  const read = (line: string, n: number, quiet: boolean): JournalEntry | undefined => {
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      if (!quiet) problems.push(`line ${n}: not JSON`);
      return undefined;
    }
    const parsed = journalEntrySchema.safeParse(data);
    if (parsed.success) return parsed.data;
    if (!quiet) problems.push(...zodProblems(parsed.error.issues).map((p) => `line ${n}: ${p}`));
    return undefined;
  };
  const add = (entry: JournalEntry, n: number): void => {
    if (entry.event === 'run') runs.add(entry.run_id);
    else if (!runs.has(entry.run_id)) problems.push(`line ${n}: run_id: no run line announces this run before it`);
    else if (entry.event === 'intent') intents.add(stepKey(entry));
    else if (!intents.has(stepKey(entry))) problems.push(`line ${n}: ${entry.event} without the intent it answers`);
    entries.push(entry);
  };

  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const entry = read(line, i + 1, false);
    if (entry !== undefined) add(entry, i + 1);
  });
  let truncated = false;
  if (last.trim() !== '') {
    const entry = read(last, lines.length + 1, true);
    if (entry === undefined) truncated = true;
    else add(entry, lines.length + 1);
  }
  if (problems.length > 0) throw new InputFileError(file, problems.slice(0, MAX_PROBLEMS), { total: problems.length });
  return { entries, truncated };
}
