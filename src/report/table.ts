/**
 * One table renderer for every view: sanitises cells, picks the columns that fit the terminal width (by
 * priority), truncates with '…', and colours only through the chalk instance it is given.
 * cli-table3 colours its header and borders by default even when piped (its default `style.head` is red and
 * `style.border` grey, whatever the stream), so its own styles are
 * always switched off; with a level-0 chalk the output holds no ANSI at all.
 *
 * cli-table3 draws the frame (borders and the header row); the body rows are drawn here, in its style, with the
 * widths it was given. Its toString is superlinear in the number of rows (20,000 users took 180 s, and
 * `Math.max(...cells)` over 150,000 rows overflowed the stack), while a body row drawn here costs the same whatever
 * the row count, so a table costs about what the CSV does and comes out in pieces of BATCH rows.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Tier } from '../vocabulary.js';
import { sanitize } from '../sanitize.js';
import { displayWidth, truncate, wrapWords } from './text-width.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Smallest useful content width; a column that cannot get it is dropped. */
  readonly min: number;
  /** 1 = never dropped first; higher numbers are dropped first when the width is short. */
  readonly priority: number;
  /** Never cut (an email cut short is no email): the column keeps its natural width, or is dropped whole. */
  readonly whole?: boolean;
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
/**
 * The widest a cell is drawn when the table has no width (a file or a pipe): every row is padded to its column's
 * widest cell, so one 10,000-character name in a 20,000-user table made a 206 MB file, and 600,000 characters a
 * string longer than JavaScript can hold. A longer cell ends in '…'; CSV and JSON carry the whole text.
 */
export const MAX_CELL_WIDTH = 200;
/** Columns of this priority and up are optional detail: dropped to let an essential column show whole. */
const OPTIONAL = 6;
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
  whole: readonly boolean[] = [],
): (number | null)[] {
  const kept = natural.map((_, i) => i);
  // A whole column is cut only when it could not fit in half the width (a crafted 300-character email).
  const floor = (i: number): number =>
    Math.min(
      natural[i] ?? 0,
      whole[i] ? Math.max((mins[i] ?? 0) + PADDING, Math.floor(width / 2)) : (mins[i] ?? 0) + PADDING,
    );
  const need = (): number => kept.reduce((sum, i) => sum + floor(i), 0) + kept.length + 1;
  while (kept.length > 1 && need() > width) {
    let drop = 0;
    for (let k = 1; k < kept.length; k++) {
      // the least important column goes first; among equals, the rightmost
      if ((priorities[kept[k] as number] ?? 0) >= (priorities[kept[drop] as number] ?? 0)) drop = k;
    }
    kept.splice(drop, 1);
  }
  // Optional detail (priority OPTIONAL and up) gives way while a column that must be read (priority 1) would be cut.
  const cut = (): boolean => kept.some((i) => (priorities[i] ?? 0) === 1 && !whole[i] && floor(i) < (natural[i] ?? 0));
  const naturalNeed = (): number => kept.reduce((sum, i) => sum + (natural[i] ?? 0), 0) + kept.length + 1;
  while (naturalNeed() > width && cut()) {
    let drop = -1;
    for (let k = 0; k < kept.length; k++) {
      const p = priorities[kept[k] as number] ?? 0;
      if (p >= OPTIONAL && (drop === -1 || p >= (priorities[kept[drop] as number] ?? 0))) drop = k;
    }
    if (drop === -1) break;
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

interface Layout {
  /** Sanitised cell texts, row by row. */
  readonly cells: string[][];
  /** Their display widths, measured once for the column widths and used again to pad the rows. */
  readonly cellWidths: number[][];
  /** Per column: its width with padding, or null when it is hidden at this width. */
  readonly widths: readonly (number | null)[];
}

function layout<Row>(columns: readonly Column<Row>[], rows: readonly Row[], options: TableOptions): Layout {
  // One pass for the cells and their natural widths: no spread, which overflows the stack on large arrays.
  const natural = columns.map((c) => displayWidth(c.header));
  const cells: string[][] = new Array<string[]>(rows.length);
  const cellWidths: number[][] = new Array<number[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    const line = columns.map((c) => sanitize(c.value(row)));
    const lineWidths = new Array<number>(line.length);
    for (let i = 0; i < line.length; i++) {
      let w = displayWidth(line[i] as string);
      if (w > MAX_CELL_WIDTH) {
        line[i] = truncate(line[i] as string, MAX_CELL_WIDTH);
        w = displayWidth(line[i] as string);
      }
      lineWidths[i] = w;
      if (w > (natural[i] as number)) natural[i] = w;
    }
    cells[r] = line;
    cellWidths[r] = lineWidths;
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
          columns.map((c) => c.whole === true),
        );
  return { cells, cellWidths, widths };
}

/** The headers of the columns a table of these rows hides at the given width (for legends that follow it). */
export function hiddenColumns<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): string[] {
  const { widths } = layout(columns, rows, options);
  return columns.filter((_, i) => widths[i] === null).map((c) => c.header);
}

/** The same table in pieces of BATCH rows, the first with the header, the last with the bottom border. */
export function* tableChunks<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): Generator<string> {
  const { chalk } = options;
  const width = options.width;
  const { cells, cellWidths, widths } = layout(columns, rows, options);
  const shown = columns.map((_, i) => i).filter((i) => widths[i] !== null);
  const table = new Table({
    head: shown.map((i) => chalk.bold(truncate(columns[i]?.header ?? '', (widths[i] as number) - PADDING))),
    colWidths: shown.map((i) => widths[i] as number),
    colAligns: shown.map((i) => columns[i]?.align ?? 'left'),
    // compact: no rule between rows, so a long list stays one line per row.
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  // A person reading a narrow table should know what it leaves out, and where to find it.
  const hidden = columns.filter((_, i) => widths[i] === null).map((c) => c.header);
  const note =
    hidden.length === 0
      ? ''
      : `${chalk.dim(wrapWords(`hidden at ${width} columns: ${hidden.join(', ')} (widen the terminal, or -f csv)`, width))}\n`;
  if (rows.length === 0) {
    yield `${table.toString()}\n${note}`;
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
    const lineWidths = cellWidths[r] as number[];
    let out = VERTICAL;
    for (const i of shown) {
      const column = columns[i] as Column<Row>;
      const room = (widths[i] as number) - PADDING;
      const whole = (lineWidths[i] as number) <= room;
      const text = whole ? (line[i] as string) : truncate(line[i] as string, room);
      const shownText = column.color && text !== '' ? column.color(text, row, chalk) : text;
      const pad = ' '.repeat(Math.max(0, room - (whole ? (lineWidths[i] as number) : displayWidth(text))));
      out += column.align === 'right' ? ` ${pad}${shownText} ${VERTICAL}` : ` ${shownText}${pad} ${VERTICAL}`;
    }
    piece += `${out}\n`;
    if ((r + 1) % BATCH === 0 && r + 1 < rows.length) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${bottom}\n${note}`;
}
