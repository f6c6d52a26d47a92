/**
 * One table renderer for every view: sanitises cells, picks the columns that fit the terminal width (by
 * priority), and colours only through the chalk instance it is given; with a level-0 chalk the output holds no ANSI
 * at all. It draws in cli-table3's compact style (the same characters, byte for byte), but every line itself: a row
 * drawn here costs the same whatever the row count (cli-table3's toString is superlinear in the rows: 20,000 users
 * took 180 s), so a table costs about what the CSV does and comes out in pieces of BATCH rows.
 *
 * Every view has columns that answer its question (users: the licence and why; check: the violation and its
 * reason; rightsize: the recommendation, evidence and saving; ...). Those are never dropped or cut: narrower than
 * their text, they wrap onto more lines, and the rows are then ruled apart so that each stays one block. The
 * auxiliary columns make room first (dropped by priority, or cut with '…'), a column with nothing in it is not
 * drawn, and a note under the table names what was hidden.
 */
import type { ChalkInstance } from 'chalk';
import type { Tier } from '../vocabulary.js';
import { sanitize } from '../sanitize.js';
import { displayWidth, truncate, wrapCell, wrapWords } from './text-width.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Smallest useful content width: a column that cannot get it is dropped, or (answer, whole) wraps to it. */
  readonly min: number;
  /** 1 = never dropped first; higher numbers are dropped first when the width is short. */
  readonly priority: number;
  /** What the view is for: never dropped or cut; narrower than its text, it wraps onto more lines. */
  readonly answer?: boolean;
  /**
   * Never cut (an email cut short is no email): keeps its natural width while that is at most half the table, and
   * wraps beyond it; never dropped.
   */
  readonly whole?: boolean;
  readonly align?: 'left' | 'right';
  /** Colour for a (sanitised, truncated) cell, line by line when it wraps. */
  readonly color?: (text: string, row: Row, chalk: ChalkInstance) => string;
}

export interface TableOptions {
  readonly chalk: ChalkInstance;
  /** Terminal columns; undefined: no limit (e.g. piped to a file). */
  readonly width?: number | undefined;
  /** The format the hint under a narrow table suggests for everything (default csv; json for views without csv). */
  readonly fullFormat?: 'csv' | 'json';
}

const PADDING = 2;
/**
 * The widest a cell is drawn (its text, before any wrapping): every row is padded to its column's widest cell, so one
 * 10,000-character name in a 20,000-user table made a 206 MB file, and 600,000 characters a string longer than
 * JavaScript can hold; on a terminal it would wrap onto thousands of lines. A longer cell ends in '…'; CSV and JSON
 * carry the whole text.
 */
export const MAX_CELL_WIDTH = 200;
/** Columns of this priority and up are auxiliary: they make room before an answer wraps. */
const AUXILIARY = 3;
/** Columns of this priority and up are optional detail: they make room before a must-read column is cut. */
const OPTIONAL = 6;
/** What a line an answer wraps onto weighs against a cell an auxiliary column cuts, when spare width is handed out. */
const ANSWER_LINE = 10;
/** The narrowest an answer is squeezed to when nothing else is left to make room. */
const NARROWEST = 3;
const BATCH = 1000;
// cli-table3's default border characters.
const VERTICAL = '│';
const BORDERS = {
  top: ['┌', '┬', '┐'],
  rule: ['├', '┼', '┤'],
  bottom: ['└', '┴', '┘'],
} as const;

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

interface Fit {
  readonly min: number;
  readonly priority: number;
  /** Wraps rather than being cut, and is never dropped (an answer, or a whole column). */
  readonly wraps: boolean;
  readonly whole: boolean;
  /** Nothing in any row: not drawn. */
  readonly empty: boolean;
  /** How many cells have each display width (no padding): what a width costs in lines or cut cells. */
  readonly cells: ReadonlyMap<number, number>;
}

/**
 * The width (padding included) that four cells in five fit in: the answers should show most of their cells on one
 * line, while a few long ones (a deep group path, a user who takes no seat) may wrap.
 */
function mostCells(cells: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const n of cells.values()) total += n;
  let seen = 0;
  for (const [w, n] of [...cells].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= 0.8 * total) return w + PADDING;
  }
  return PADDING;
}

/** What a column costs at a width (padding included): the lines its cells wrap onto, or the cells cut. */
function cost(fit: Fit, width: number): number {
  const room = Math.max(1, width - PADDING);
  let total = 0;
  for (const [w, n] of fit.cells) if (w > room) total += fit.wraps ? n * (Math.ceil(w / room) - 1) : n;
  return total;
}

/** Column widths (padding included) that fit `width`, or null for a column not drawn. */
function fitWidths(natural: readonly number[], fits: readonly Fit[], width: number): (number | null)[] {
  const at = (i: number): Fit => fits[i] as Fit;
  const nat = (i: number): number => natural[i] ?? 0;
  const kept = natural.map((_, i) => i).filter((i) => !at(i).empty);
  // A whole column keeps its natural width while it is at most half the table (a crafted 300-character email).
  const floor = (i: number): number =>
    Math.min(nat(i), at(i).whole ? Math.max(at(i).min + PADDING, Math.floor(width / 2)) : at(i).min + PADDING);
  const sum = (of: (i: number) => number): number => kept.reduce((total, i) => total + of(i), 0) + kept.length + 1;
  const dropLeast = (may: (i: number) => boolean): boolean => {
    let drop = -1;
    // the least important column goes first; among equals, the rightmost
    for (let k = 0; k < kept.length; k++) {
      const i = kept[k] as number;
      if (may(i) && (drop === -1 || at(i).priority >= at(kept[drop] as number).priority)) drop = k;
    }
    if (drop === -1) return false;
    kept.splice(drop, 1);
    return true;
  };
  // Auxiliary columns go first, while even the narrowest widths do not fit.
  while (sum(floor) > width && dropLeast((i) => !at(i).wraps)) {
    /* dropped one */
  }
  // Auxiliary columns (priority AUXILIARY and up) give way while the answers would not fit most of their cells on
  // one line; optional detail (OPTIONAL and up) while an answer would wrap at all, or a must-read column be cut.
  const wanted = (i: number): number => (at(i).wraps ? Math.max(floor(i), mostCells(at(i).cells)) : floor(i));
  while (sum(wanted) > width && dropLeast((i) => !at(i).wraps && at(i).priority >= AUXILIARY)) {
    /* dropped one */
  }
  // Optional detail goes as long as an answer would wrap at all.
  const whole = (i: number): number => (at(i).wraps ? nat(i) : floor(i));
  while (sum(whole) > width && dropLeast((i) => !at(i).wraps && at(i).priority >= OPTIONAL)) {
    /* dropped one */
  }
  const cut = (): boolean => kept.some((i) => !at(i).wraps && at(i).priority === 1 && floor(i) < nat(i));
  while (cut() && sum(nat) > width && dropLeast((i) => !at(i).wraps && at(i).priority >= OPTIONAL)) {
    /* dropped one */
  }
  const widths: (number | null)[] = natural.map(() => null);
  for (const i of kept) widths[i] = floor(i);
  const current = (i: number): number => widths[i] as number;
  // Only what must show is left and it is still too wide: a whole column wraps down to its minimum first, then
  // every wrapping column narrows below its minimum, widest first.
  let over = sum(current) - width;
  const narrow = (room: (i: number) => number): void => {
    while (over > 0) {
      let widest = -1;
      for (const i of kept)
        if (at(i).wraps && current(i) > room(i) && (widest === -1 || current(i) > current(widest))) widest = i;
      if (widest === -1) return;
      widths[widest] = current(widest) - 1;
      over -= 1;
    }
  };
  narrow((i) => (at(i).whole ? at(i).min + PADDING : Infinity));
  narrow(() => NARROWEST + PADDING);
  // The spare columns go where they save the most: each step widens the column that saves the most, per column
  // given, of the lines wrapped answers take and (counting far less, ANSWER_LINE) the cells cut; what is left, round the columns
  // still short of their widest cell.
  let spare = width - sum(current);
  // (A table without answers, roles or summary, shares its spare columns round, as it always did.)
  while (spare > 0 && kept.some((i) => at(i).wraps)) {
    let best = -1;
    let bestStep = 0;
    let bestGain = 0;
    for (const i of kept) {
      const now = cost(at(i), current(i));
      if (now === 0) continue;
      for (let step = 1; step <= spare && current(i) + step <= nat(i); step++) {
        const saved = now - cost(at(i), current(i) + step);
        if (saved === 0) continue;
        const gain = (saved * (at(i).wraps ? ANSWER_LINE : 1)) / step;
        if (gain > bestGain) [best, bestStep, bestGain] = [i, step, gain];
        break;
      }
    }
    if (best === -1) break;
    widths[best] = current(best) + bestStep;
    spare -= bestStep;
  }
  while (spare > 0) {
    let gave = false;
    for (const i of kept) {
      if (spare > 0 && current(i) < nat(i)) {
        widths[i] = current(i) + 1;
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
  /** Per column: its width with padding, or null when it is not drawn at this width. */
  readonly widths: readonly (number | null)[];
  /** Per column: it has no text in any row (and so is not drawn, nor named as hidden). */
  readonly empty: readonly boolean[];
  /** Per column: its widest cell (the header aside). */
  readonly widest: readonly number[];
  /** Each row's cells as drawn; a text a column repeats is one object, shared by the rows that show it. */
  readonly cells: readonly (readonly CellText[])[];
}

const wraps = (column: Column<never>): boolean => column.answer === true || column.whole === true;

/** The widest a word may make a wrapping column's minimum: a longer one (a URL, an email) is broken instead. */
const LONGEST_WORD = 24;

/** The widest word of `text`, a hyphenated word counting as its parts (`unexpected-` and `developer`). */
function longestWordOf(text: string): number {
  let longest = 0;
  for (const word of text.split(/ |(?<=-)/)) longest = Math.max(longest, displayWidth(word));
  return longest;
}

/** A cell as drawn: its text sanitised and capped, its display width, and (asked once) its longest word. */
interface CellText {
  readonly text: string;
  readonly width: number;
  longest?: number;
  /** Its lines at the one width its column is drawn at, once it did not fit. */
  drawn?: { readonly lines: readonly string[]; readonly widths: readonly number[] };
}

/** A header as a cell: never sanitised (the code's own text), never capped. */
const cellOfHeader = (text: string): CellText => ({ text, width: displayWidth(text) });

function cellText(raw: string): CellText {
  let text = sanitize(raw);
  let width = displayWidth(text);
  if (width > MAX_CELL_WIDTH) {
    text = truncate(text, MAX_CELL_WIDTH);
    width = displayWidth(text);
  }
  return { text, width };
}

/**
 * Most columns repeat a few texts (tier, status, why, roles) over thousands of users: each distinct text is
 * sanitised, measured, and wrapped or cut once, and the rows share it. A column past this many distinct texts (names,
 * emails) stops being remembered. The users table of 100,000 users (bench/local-audit.js formats, 5 rounds in
 * turns with the build before): piped 883 ms instead of 1.30 s, at 120 columns 707 ms instead of 1.19 s.
 */
const REMEMBERED_TEXTS = 2048;

/** The cells of a row, each distinct text of a column made once while the column repeats (REMEMBERED_TEXTS). */
function cellReader<Row>(columns: readonly Column<Row>[]): (row: Row) => CellText[] {
  const remembered: (Map<string, CellText> | undefined)[] = columns.map(() => new Map());
  return (row) => {
    const line = new Array<CellText>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const raw = (columns[i] as Column<Row>).value(row);
      const memo = remembered[i];
      let cell = memo?.get(raw);
      if (cell === undefined) {
        cell = cellText(raw);
        if (memo !== undefined) {
          if (memo.size < REMEMBERED_TEXTS) memo.set(raw, cell);
          else remembered[i] = undefined;
        }
      }
      line[i] = cell;
    }
    return line;
  };
}

function layout<Row>(columns: readonly Column<Row>[], rows: readonly Row[], options: TableOptions): Layout {
  // One pass for the natural widths: no spread, which overflows the stack on large arrays.
  const read = cellReader(columns);
  const natural = columns.map((c) => displayWidth(c.header));
  const widest = columns.map(() => 0);
  const filled = columns.map(() => false);
  // A wrapping column's longest word (looked for only where a cell is over the minimum): it should not be broken.
  const wrapping = columns.map((c) => wraps(c as Column<never>));
  const longestWord = columns.map((c, i) => (wrapping[i] ? longestWordOf(c.header) : 0));
  // Per column, how many cells have each width, where the width is finite: what the layout weighs.
  const counted = options.width !== undefined && Number.isFinite(options.width);
  // (Counted in arrays by width: a cell is at most MAX_CELL_WIDTH wide.)
  const byWidth = columns.map(() => new Uint32Array(counted ? MAX_CELL_WIDTH + 1 : 0));
  const cells = new Array<CellText[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const line = read(rows[r] as Row);
    cells[r] = line;
    for (let i = 0; i < columns.length; i++) {
      const cell = line[i] as CellText;
      const w = cell.width;
      if (w > (widest[i] as number)) widest[i] = w;
      if (w > 0) filled[i] = true;
      if (counted) (byWidth[i] as Uint32Array)[w]! += 1;
      if (wrapping[i] && w > (columns[i] as Column<Row>).min && w > (longestWord[i] as number))
        longestWord[i] = Math.max(longestWord[i] as number, (cell.longest ??= longestWordOf(cell.text)));
    }
  }
  for (let i = 0; i < natural.length; i++) natural[i] = Math.max(natural[i] as number, widest[i] as number) + PADDING;
  const counts = byWidth.map((list) => {
    const count = new Map<number, number>();
    for (let w = 0; w < list.length; w++) if (list[w]! > 0) count.set(w, list[w]!);
    return count;
  });
  // A column with nothing in it (no prices, no directory) says nothing: it is not drawn.
  const empty = filled.map((f) => rows.length > 0 && !f);
  const width = options.width;
  const widths =
    width === undefined || !Number.isFinite(width)
      ? natural.map((w, i) => (empty[i] ? null : w))
      : fitWidths(
          natural,
          columns.map((c, i) => ({
            // A wrapping column is as wide as its longest word, where that is not too long: `tier_lowered`,
            // `developer` and a header stay whole; an email, which is one long word, is the `whole` rule's.
            min: wrapping[i] ? Math.max(c.min, Math.min(longestWord[i] as number, LONGEST_WORD)) : c.min,
            priority: c.priority,
            wraps: wraps(c as Column<never>),
            whole: c.whole === true,
            empty: empty[i] === true,
            cells: counts[i] as Map<number, number>,
          })),
          Math.max(width, 10),
        );
  return { widths, empty, widest, cells };
}

/** The headers of the columns a table of these rows hides at the given width (for legends that follow it). */
export function hiddenColumns<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): string[] {
  const { widths, empty } = layout(columns, rows, options);
  return columns.filter((_, i) => widths[i] === null && !empty[i]).map((c) => c.header);
}

/** A border line: `┌──┬──┐`, `├──┼──┤` or `└──┴──┘`. */
function border(kind: keyof typeof BORDERS, widths: readonly number[]): string {
  const [left, middle, right] = BORDERS[kind];
  return `${left}${widths.map((w) => '─'.repeat(w)).join(middle)}${right}`;
}

const SPACES: string[] = [];
/** `n` spaces (none for n <= 0), each length made once. */
function spaces(n: number): string {
  if (n <= 0) return '';
  return (SPACES[n] ??= ' '.repeat(n));
}

/** Column i's part of a line: the text, painted and padded to the column's width, and the border after it. */
function part(
  i: number,
  text: string,
  textWidth: number,
  widths: readonly (number | null)[],
  columns: readonly Column<never>[],
  paint: (i: number, text: string) => string,
): string {
  const pad = spaces((widths[i] as number) - PADDING - textWidth);
  const shownText = text === '' ? text : paint(i, text);
  return columns[i]?.align === 'right' ? ` ${pad}${shownText} ${VERTICAL}` : ` ${shownText}${pad} ${VERTICAL}`;
}

/** One row of cells as lines: each cell whole, cut with '…' or (a wrapping column) wrapped, padded and coloured. */
function drawRow(
  cells: readonly CellText[],
  shown: readonly number[],
  widths: readonly (number | null)[],
  columns: readonly Column<never>[],
  paint: (i: number, text: string) => string,
): string {
  let fits = true;
  for (const i of shown) if ((cells[i] as CellText).width > (widths[i] as number) - PADDING) fits = false;
  if (fits) {
    // Every cell whole on one line (most rows): drawn straight, no blocks of lines.
    let line = VERTICAL;
    for (const i of shown) {
      const cell = cells[i] as CellText;
      line += part(i, cell.text, cell.width, widths, columns, paint);
    }
    return `${line}\n`;
  }
  const blocks = shown.map((i) => {
    const room = (widths[i] as number) - PADDING;
    const cell = cells[i] as CellText;
    if (cell.width <= room) return { lines: [cell.text], widths: [cell.width] };
    // A column draws at one width, so a text it repeats is wrapped or cut once.
    if (cell.drawn === undefined) {
      const lines = wraps(columns[i] as Column<never>) ? wrapCell(cell.text, room) : [truncate(cell.text, room)];
      cell.drawn = { lines, widths: lines.map(displayWidth) };
    }
    return cell.drawn;
  });
  const height = blocks.reduce((h, b) => Math.max(h, b.lines.length), 1);
  let out = '';
  for (let l = 0; l < height; l++) {
    let line = VERTICAL;
    for (let k = 0; k < shown.length; k++) {
      const i = shown[k] as number;
      const block = blocks[k] as { lines: string[]; widths: number[] };
      line += part(i, block.lines[l] ?? '', block.widths[l] ?? 0, widths, columns, paint);
    }
    out += `${line}\n`;
  }
  return out;
}

/** The same table in pieces of BATCH rows, the first with the header, the last with the bottom border. */
export function* tableChunks<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions,
): Generator<string> {
  const { chalk } = options;
  const width = options.width;
  const { widths, empty, widest, cells } = layout(columns, rows, options);
  const cols = columns as readonly Column<never>[];
  const shown = columns.map((_, i) => i).filter((i) => widths[i] !== null);
  const shownWidths = shown.map((i) => widths[i] as number);
  // A person reading a narrow table should know what it leaves out, and where to find it.
  const hidden = columns.filter((_, i) => widths[i] === null && !empty[i]).map((c) => c.header);
  const full = options.fullFormat ?? 'csv';
  const note =
    hidden.length === 0
      ? ''
      : `${chalk.dim(wrapWords(`hidden at ${width} columns: ${hidden.join(', ')} (widen the terminal, or -f ${full})`, width))}\n`;
  const headers = columns.map((c) => c.header);
  const head = drawRow(headers.map(cellOfHeader), shown, widths, cols, (_i, text) => chalk.bold(text));
  const rule = `${border('rule', shownWidths)}\n`;
  if (rows.length === 0) {
    yield `${border('top', shownWidths)}\n${head}${border('bottom', shownWidths)}\n${note}`;
    return;
  }
  // When a cell wraps, rows are ruled apart: continuation lines would otherwise read as rows of their own.
  const ruled = shown.some(
    (i) => wraps(cols[i] as Column<never>) && (widest[i] as number) > (widths[i] as number) - PADDING,
  );
  let piece = `${border('top', shownWidths)}\n${head}${rule}`;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Row;
    if (ruled && r > 0) piece += rule;
    piece += drawRow(cells[r] as CellText[], shown, widths, cols, (i, text) => {
      const color = columns[i]?.color;
      return color ? color(text, row, chalk) : text;
    });
    if ((r + 1) % BATCH === 0 && r + 1 < rows.length) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${border('bottom', shownWidths)}\n${note}`;
}
