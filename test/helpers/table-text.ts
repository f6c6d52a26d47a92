/**
 * Reads a box-drawn table back into cells, as a person reads it: the columns from the top border, a cell's lines
 * joined by spaces (compare with `squash`: a word broken inside, `unexpected-` / `developer`, gained a space), rows
 * apart where a rule separates them (a table of one row has none: each line reads as a row). For tests that check
 * a column shows its text whole, whatever the width.
 */
export interface TableText {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The first table in `text` (from its `┌` line to its `└` line). */
export function readTable(text: string): TableText {
  const lines = text.split('\n');
  const top = lines.findIndex((line) => line.startsWith('┌'));
  const bottom = lines.findIndex((line, i) => i > top && line.startsWith('└'));
  if (top < 0 || bottom < 0) throw new Error('no table in the text');
  const rule = lines.findIndex((line, i) => i > top && line.startsWith('├'));
  const cells = (line: string): string[] => line.slice(1, -1).split('│');
  const join = (block: readonly string[]): string[] => {
    const columns = cells(block[0] ?? '').map(() => [] as string[]);
    for (const line of block)
      cells(line).forEach((cell, i) => {
        if (cell.trim() !== '') columns[i]?.push(cell.trim());
      });
    return columns.map((parts) => parts.join(' '));
  };
  const headers = join(lines.slice(top + 1, rule));
  const body = lines.slice(rule + 1, bottom);
  const ruled = body.some((line) => line.startsWith('├'));
  const rows: string[][] = [];
  let block: string[] = [];
  for (const line of body) {
    if (line.startsWith('├')) {
      rows.push(join(block));
      block = [];
    } else if (ruled) block.push(line);
    else rows.push(join([line]));
  }
  if (ruled && block.length > 0) rows.push(join(block));
  return { headers, rows };
}

/** The cells of one column, by its header. */
export function column(table: TableText, header: string): string[] {
  const i = table.headers.indexOf(header);
  if (i < 0) throw new Error(`no column "${header}" in ${table.headers.join(', ')}`);
  return table.rows.map((row) => row[i] ?? '');
}

/** Text without its spaces: a wrapped cell read back equals the text it was made from. */
export const squash = (text: string): string => text.replace(/\s+/g, '');
