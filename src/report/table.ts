/**
 * One table renderer for every view: sanitises cells, picks the columns that fit the terminal width (by
 * priority), truncates with '…', and colours only through the chalk instance it is given.
 * cli-table3 colours its header and borders by default even when piped (toolchain.md), so its own styles are
 * always switched off; with a level-0 chalk the output holds no ANSI at all.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Tier } from '../config/types.js';
import { sanitize } from './sanitize.js';

export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Smallest useful content width; a column that cannot get it is dropped. */
  readonly min: number;
  /** 1 = never dropped first; higher numbers are dropped first when the width is short. */
  readonly priority: number;
  readonly align?: 'left' | 'right';
  /** Colour for a (sanitised, truncated) cell. */
  readonly colour?: (text: string, row: Row, chalk: ChalkInstance) => string;
}

export interface TableOptions {
  readonly chalk: ChalkInstance;
  /** Terminal columns; undefined: no limit (e.g. piped to a file). */
  readonly width?: number | undefined;
}

const PADDING = 2;

export function tierColour(tier: Tier, chalk: ChalkInstance): (text: string) => string {
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

function displayWidth(text: string): number {
  return [...text].length;
}

export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return `${chars.slice(0, width - 1).join('')}…`;
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

export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], options: TableOptions): string {
  const { chalk } = options;
  const cells = rows.map((row) => columns.map((c) => sanitize(c.value(row))));
  const natural = columns.map(
    (c, i) => Math.max(displayWidth(c.header), ...cells.map((r) => displayWidth(r[i] ?? ''))) + PADDING,
  );
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
  rows.forEach((row, r) => {
    table.push(
      shown.map((i) => {
        const column = columns[i] as Column<Row>;
        const text = truncate(cells[r]?.[i] ?? '', (widths[i] as number) - PADDING);
        return column.colour && text !== '' ? column.colour(text, row, chalk) : text;
      }),
    );
  });
  return `${table.toString()}\n`;
}
