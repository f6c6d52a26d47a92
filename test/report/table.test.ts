/**
 * The table renderer: body rows drawn in cli-table3's style (byte for byte), linear in the rows and in pieces
 * (150,000 users once overflowed the stack in `Math.max(...cells)`), and widths that are the columns a
 * terminal draws, not code points.
 */
import { describe, expect, it } from '@jest/globals';
import { stripVTControlCharacters } from 'node:util';
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { AuditReport } from '../../src/audit/types.js';
import { renderTable, tableChunks, type Column } from '../../src/report/table.js';
import { displayWidth, truncate } from '../../src/report/text-width.js';
import { renderUsersTable } from '../../src/report/users.js';
import { oneAccount } from './fixture.js';

const plain = new Chalk({ level: 0 });
const coloured = new Chalk({ level: 1 });

type Row = readonly string[];
const COLUMNS: readonly Column<Row>[] = [
  { header: 'name', value: (r) => r[0] ?? '', min: 6, priority: 1 },
  { header: 'count', value: (r) => r[1] ?? '', min: 5, priority: 2, align: 'right' },
  { header: 'tier', value: (r) => r[2] ?? '', min: 8, priority: 1, color: (t, _r, c) => c.magenta(t) },
  { header: 'note', value: (r) => r[3] ?? '', min: 10, priority: 3 },
];

// A deterministic generator of ASCII rows of every length, empty cells included.
function rowsOf(n: number, seed: number): Row[] {
  let x = seed;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
  const word = (): string => 'abcdefghij klmnopqrstu'.repeat(3).slice(0, next() % 40);
  return Array.from({ length: n }, () => [word(), String(next() % 100000), next() % 3 === 0 ? '' : word(), word()]);
}

// The former renderer: every row through cli-table3, with the widths the new one chose (read off its top border).
function cliTable3(rows: readonly Row[], out: string, chalk: ChalkInstance): string {
  const widths = (out.split('\n')[0] ?? '')
    .slice(1, -1)
    .split('┬')
    .map((s) => s.length);
  const header = stripVTControlCharacters(out.split('\n')[1] ?? '')
    .slice(1, -1)
    .split('│');
  const shown = header.map((h) => COLUMNS.findIndex((c) => c.header.startsWith(h.trim().replace(/…$/, ''))));
  const table = new Table({
    head: shown.map((i, k) => chalk.bold(truncate(COLUMNS[i]?.header ?? '', (widths[k] ?? 0) - 2))),
    colWidths: widths,
    colAligns: shown.map((i) => COLUMNS[i]?.align ?? 'left'),
    style: { head: [], border: [], compact: true },
    wordWrap: false,
  });
  for (const row of rows) {
    table.push(
      shown.map((i, k) => {
        const text = truncate(COLUMNS[i]?.value(row) ?? '', (widths[k] ?? 0) - 2);
        const color = COLUMNS[i]?.color;
        return color && text !== '' ? color(text, row, chalk) : text;
      }),
    );
  }
  return `${table.toString()}\n`;
}

describe('table body rows', () => {
  it.each([
    [undefined, plain],
    [120, plain],
    [60, coloured],
    [32, coloured],
    [12, plain],
  ])('are what cli-table3 draws, byte for byte (width %s)', (width, chalk) => {
    for (const seed of [1, 2, 3]) {
      const rows = rowsOf(30, seed);
      const out = renderTable(COLUMNS, rows, { chalk, width });
      // The table itself, then (when the width hid columns) a note naming them.
      const end = out.indexOf('┘\n') + 2;
      const [frame, note] = [out.slice(0, end), out.slice(end)];
      expect(frame).toBe(cliTable3(rows, frame, chalk));
      expect(frame.trimEnd().split('\n')).toHaveLength(rows.length + 4);
      const shownHeaders = (frame.split('\n')[1] ?? '').replace(/\u001b\[[0-9;]*m/g, '');
      const hidden = COLUMNS.map((c) => c.header).filter((h) => !shownHeaders.includes(h));
      if (hidden.length === 0) expect(note).toBe('');
      else for (const header of hidden) expect(note.replace(/\u001b\[[0-9;]*m/g, '')).toContain(header);
    }
  });

  it('without rows: the header in its frame', () => {
    expect(renderTable(COLUMNS, [], { chalk: plain, width: undefined })).toBe(
      '┌──────┬───────┬──────┬──────┐\n│ name │ count │ tier │ note │\n└──────┴───────┴──────┴──────┘\n',
    );
  });

  it('come in pieces of 1,000 rows, the header in the first and the bottom border in the last', () => {
    const rows = rowsOf(2500, 7);
    const pieces = [...tableChunks(COLUMNS, rows, { chalk: plain, width: 80 })];
    expect(pieces).toHaveLength(3);
    expect(pieces[0]?.startsWith('┌')).toBe(true);
    expect(pieces[2]?.trimEnd().endsWith('┘')).toBe(true);
    expect(pieces.map((p) => p.split('\n').filter((l) => l.startsWith('│ ') && !l.includes('name')).length)).toEqual([
      1000, 1000, 500,
    ]);
    expect(pieces.join('')).toBe(renderTable(COLUMNS, rows, { chalk: plain, width: 80 }));
  });
});

describe('users table at 150,000 users', () => {
  // Made in memory from one audited user: rendering, not auditing, is under test.
  function bigReport(users: number): AuditReport {
    const report = oneAccount();
    const account = report.accounts[0];
    const base = account?.users[0];
    if (account === undefined || base === undefined) throw new Error('fixture without users');
    const many = Array.from({ length: users }, (_, i) => ({
      ...base,
      id: String(i + 1),
      email: `user${i + 1}@acme.test`,
      name: `User ${i + 1}`,
    }));
    return { ...report, accounts: [{ ...account, users: many }] };
  }

  it('renders without throwing, in pieces, one line per user', () => {
    let lines = 0;
    let pieces = 0;
    let longest = 0;
    let last = '';
    for (const piece of renderUsersTable(bigReport(150_000), { chalk: plain, width: 120 })) {
      pieces += 1;
      longest = Math.max(longest, piece.length);
      for (const line of piece.split('\n')) if (/^[┌│├└]/.test(line)) lines += 1;
      last = piece;
    }
    expect(lines).toBe(150_000 + 4);
    expect(pieces).toBe(150);
    // no piece holds more than its 1,000 rows (and the header): never one giant string
    expect(longest).toBeLessThan(1005 * 121 * 3);
    expect(last).toContain('user150000@acme.test');
  });
});

describe('widths are terminal columns', () => {
  it.each([
    ['Zoë Ødegård', 11],
    ['Zoe\u0308', 3],
    ['李小龍', 6],
    ['🚀', 2],
    ['👨‍👩‍👧', 2],
    ['ｆｕｌｌ', 8],
    ['plain ascii', 11],
  ])('%s takes %i columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('truncation counts columns and never splits a character from its marks or an emoji sequence', () => {
    expect(truncate('李小龍', 6)).toBe('李小龍');
    expect(truncate('李小龍', 5)).toBe('李小…');
    expect(truncate('李小龍', 4)).toBe('李…');
    expect(truncate('👨‍👩‍👧👨‍👩‍👧', 3)).toBe('👨‍👩‍👧…');
    expect(truncate('Zoe\u0308 Smith', 4)).toBe('Zoe\u0308…');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 1)).toBe('…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('a CJK or emoji name is shown whole and its row lines up with the others', () => {
    const rows: Row[] = [
      ['李小龍', '1', 'developer', 'x'],
      ['Zoë 🚀', '22', 'viewer', 'y'],
      ['Ada', '333', 'standard', 'z'],
    ];
    const out = renderTable(COLUMNS, rows, { chalk: plain, width: undefined });
    expect(out).toContain('│ 李小龍 │');
    expect(out).toContain('│ Zoë 🚀 │');
    expect(new Set(out.trimEnd().split('\n').map(displayWidth)).size).toBe(1);
  });
});
