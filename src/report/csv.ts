/**
 * CSV through csv-stringify, which quotes commas, quotes and newlines. Every text cell goes through csvText first
 * (src/sanitize.ts): no escape sequence or control character reaches the file, and a cell a spreadsheet would
 * evaluate as a formula gets a leading single quote (OWASP "CSV Injection"). That guard replaces csv-stringify's
 * `escape_formulas`, which looks at the first character only. Numbers are written as they are.
 *
 * Rows are stringified in batches: each batch's row arrays die young, so a report of 100,000 users neither holds
 * a million cell arrays at once nor makes the garbage collector copy them into the old generation.
 */
import { stringify } from 'csv-stringify/sync';
import { csvText } from '../sanitize.js';

export type CsvCell = string | number | null;

/** A rendered report: one string, or its pieces in order (written one after the other, never held whole). */
export type Rendered = string | Iterable<string>;

// 250 rows: pieces stay under 128 KB, below V8's large-object space (freed only by a full collection).
const BATCH = 250;

/** Text cells through csvText (sanitised, formula-guarded); numbers and nulls as they are. */
const safeCells = (row: readonly CsvCell[]): CsvCell[] =>
  row.map((cell) => (typeof cell === 'string' ? csvText(cell) : cell));

/**
 * A header row and one row per record, cells in `columns` order; null becomes an empty cell. Yields the CSV in
 * pieces of BATCH rows, so a large report can be written out as it is made instead of held as one string.
 */
export function* csvChunks(columns: readonly string[], rows: Iterable<readonly CsvCell[]>): Generator<string> {
  let header = true;
  let batch: (readonly CsvCell[])[] = [];
  const flush = (): string => {
    const chunk = stringify(batch, { header, columns: [...columns] });
    header = false;
    batch = [];
    return chunk;
  };
  for (const row of rows) {
    batch.push(safeCells(row));
    if (batch.length === BATCH) yield flush();
  }
  if (batch.length > 0 || header) yield flush();
}

/** The header line alone (a CSV whose rows come in pieces made elsewhere, report/users.ts). */
export function csvHeader(columns: readonly string[]): string {
  return stringify([], { header: true, columns: [...columns] });
}

/** Rows without a header, text cells through csvText: a piece of a CSV whose header was written already. */
export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(rows.map(safeCells));
}

/**
 * Each row's cells as CSV, without its line end: for a row put together from pieces (report/users-csv.ts). The rows
 * go through csv-stringify in one call, separated by NUL, which csvText removes from every text cell, so the split
 * is exact. quote_record_delimiter keeps a cell holding a line break quoted: csv-stringify turns that off by default
 * when the record delimiter is set (options normalisation: `quote_record_delimiter = !record_delimiter`).
 */
export function csvLines(rows: readonly (readonly CsvCell[])[]): string[] {
  const text = stringify(rows.map(safeCells), { record_delimiter: '\u0000', quote_record_delimiter: true });
  const lines = text.split('\u0000');
  lines.pop();
  return lines;
}

/** The whole CSV as one string (the small views, and tests). */
export function renderCsv(columns: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return [...csvChunks(columns, rows)].join('');
}

/** Multi-valued cells (roles, groups) are joined with `; `. */
export function joinValues(values: readonly string[]): string {
  return values.join('; ');
}
