/**
 * One table renderer for every view: sanitises cells, picks the columns that fit the terminal width (by
 * priority), truncates with '…', and colours only through the chalk instance it is given.
 * cli-table3 colours its header and borders by default even when piped (toolchain.md), so its own styles are
 * always switched off; with a level-0 chalk the output holds no ANSI at all.
 *
 * cli-table3 draws the frame (borders and the header row); the body rows are drawn here, in its style, with the
 * widths it was given. Its toString is superlinear in the number of rows (issue 11: 20,000 users took 180 s, and
 * `Math.max(...cells)` over 150,000 rows overflowed the stack), while a body row drawn here costs the same whatever
 * the row count, so a table costs about what the CSV does and comes out in pieces of BATCH rows.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Tier } from '../vocabulary.js';
import { sanitize } from './sanitize.js';
import { displayWidth, truncate } from './text-width.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Smallest useful content width; a column that cannot get it is dropped. */
  readonly min: number;
  /** 1 = never dropped first; higher numbers are dropped first when the width is short. */
  readonly priority: number;
  readonly align?: 'left' | 'right';
  /** Colour for a (sanitised, truncated) cell. */
  readonly color?: (text: string, row: Row, chalk: ChalkInstance) => string;
}

export interface TableOptions {
  readonly chalk: ChalkInstance;
  /** Terminal columns; undefined: no limit (e.g. piped to a file). */
  readonly width?: number | undefined;
}

const PADDING = 2;
const BATCH = 1000;
// cli-table3's default border characters, the ones its frame is drawn with.
const VERTICAL = '│';

export function tierColor(tier: Tier, chalk: ChalkInstance): (text: string) => string {
  switch (tier) {
    case 'developer':
      return chalk.magenta;
    case 'standard':
      return chalk.yellow;
    case 'viewer':
      return chalk.green;
    case 'none':
      return chalk.gray;
  }
}

/** Column widths (padding included) that fit `width`, or null for a dropped column. */
function fitWidths(
  natural: readonly number[],
  mins: readonly number[],
  priorities: readonly number[],
  width: number,
): (number | null)[] {
  const kept = natural.map((_, i) => i);
  const floor = (i: number): number => Math.min(natural[i] ?? 0, (mins[i] ?? 0) + PADDING);
  const need = (): number => kept.reduce((sum, i) => sum + floor(i), 0) + kept.length + 1;
  while (kept.length > 1 && need() > width) {
    let drop = 0;
    for (let k = 1; k < kept.length; k++) {
      // the least important column goes first; among equals, the rightmost
      if ((priorities[kept[k] as number] ?? 0) >= (priorities[kept[drop] as number] ?? 0)) drop = k;
    }
    kept.splice(drop, 1);
  }
  const widths: (number | null)[] = natural.map(() => null);
  for (const i of kept) widths[i] = floor(i);
  let spare = width - need();
  // Hand the spare columns out one at a time to the columns still short of their natural width.
  while (spare > 0) {
    let gave = false;
    for (const i of kept) {
      const w = widths[i] as number;
      if (spare > 0 && w < (natural[i] ?? 0)) {
        widths[i] = w + 1;
        spare -= 1;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return widths;
}

/** The table as one string (small tables; the large users view is written from `tableChunks`). */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], options: TableOptions): string {
  return [...tableChunks(columns, rows, options)].join('');
}

/** The same table in pieces of BATCH rows, the first with the header, the last with the bottom border. */
export function* tableChunks<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): Generator<string> {
  const { chalk } = options;
  // One pass for the cells and their natural widths: no spread, which overflows the stack on large arrays.
  const natural = columns.map((c) => displayWidth(c.header));
  const cells: string[][] = new Array<string[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    const line = columns.map((c) => sanitize(c.value(row)));
    for (let i = 0; i < line.length; i++) {
      const w = displayWidth(line[i] as string);
      if (w > (natural[i] as number)) natural[i] = w;
    }
    cells[r] = line;
  }
  for (let i = 0; i < natural.length; i++) natural[i] = (natural[i] as number) + PADDING;
  const width = options.width;
  const widths =
    width === undefined || !Number.isFinite(width)
      ? natural
      : fitWidths(
          natural,
          columns.map((c) => c.min),
          columns.map((c) => c.priority),
          Math.max(width, 10),
        );
  const shown = columns.map((_, i) => i).filter((i) => widths[i] !== null);
  const table = new Table({
    head: shown.map((i) => chalk.bold(truncate(columns[i]?.header ?? '', (widths[i] as number) - PADDING))),
    colWidths: shown.map((i) => widths[i] as number),
    colAligns: shown.map((i) => columns[i]?.align ?? 'left'),
    // compact: no rule between rows, so a long list stays one line per row.
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  if (rows.length === 0) {
    yield `${table.toString()}\n`;
    return;
  }
  // The frame with one empty body row: top border, header, header rule, [the empty row], bottom border.
  table.push(shown.map(() => ''));
  const frame = table.toString().split('\n');
  const bottom = frame.pop() as string;
  frame.pop();
  let piece = `${frame.join('\n')}\n`;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    const line = cells[r] as string[];
    let out = VERTICAL;
    for (const i of shown) {
      const column = columns[i] as Column<Row>;
      const room = (widths[i] as number) - PADDING;
      const text = truncate(line[i] as string, room);
      const shownText = column.color && text !== '' ? column.color(text, row, chalk) : text;
      const pad = ' '.repeat(Math.max(0, room - displayWidth(text)));
      out += column.align === 'right' ? ` ${pad}${shownText} ${VERTICAL}` : ` ${shownText}${pad} ${VERTICAL}`;
    }
    piece += `${out}\n`;
    if ((r + 1) % BATCH === 0 && r + 1 < rows.length) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${bottom}\n`;
}
