/**
 * CSV through csv-stringify (which quotes commas, quotes and newlines), with every text cell neutralised
 * against spreadsheet formula injection: a cell beginning with `=`, `+`, `-`, `@`, tab or carriage return
 * gets a leading single quote, as OWASP's "CSV Injection" page recommends.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export type CsvCell = string | number | null;

/** A header row and one row per record, cells in `columns` order; null becomes an empty cell. */
export function renderCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const records = rows.map((row) => row.map((cell) => (cell === null ? '' : typeof cell === 'number' ? String(cell) : neutralise(cell))));
  return stringify(records, { header: true, columns: [...columns] });
}

/** Multi-valued cells (roles, groups) are joined with `; `. */
export function joinValues(values: readonly string[]): string {
  return values.join('; ');
}
