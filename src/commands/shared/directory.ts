/**
 * `people --directory <file.csv>`: an export of the company directory or IdP, read before any API call is spent.
 * It needs an `email` column and may have a `status` column (names case-insensitive, any column order, other
 * columns ignored). A file that cannot be used is one InputFileError (exit 2) naming the file and the row: a row
 * quietly skipped would make its person look like a leaver.
 *
 * Row numbers are the file's line numbers (the header is row 1), as a spreadsheet shows them.
 */
import type { DirectoryEntry, DirectoryStatus } from '../../audit/people.js';
import { InputFileError } from '../../errors.js';
import { InputProblem, readInputFile } from '../../input-file.js';

/**
 * Status words of common exports, each side: Okta (ACTIVE, STAGED, PROVISIONED, RECOVERY, PASSWORD_EXPIRED,
 * LOCKED_OUT, SUSPENDED, DEPROVISIONED), Google Workspace (Active, Suspended), Entra ID's accountEnabled
 * (true/false), HR systems (terminated, left). A locked-out or staged person still works here; anything not
 * listed is refused rather than guessed.
 */
const ACTIVE = [
  'active',
  'enabled',
  'true',
  'yes',
  'staged',
  'provisioned',
  'recovery',
  'password_expired',
  'locked_out',
];
const INACTIVE = [
  'inactive',
  'disabled',
  'suspended',
  'deprovisioned',
  'deactivated',
  'terminated',
  'deleted',
  'removed',
  'left',
  'false',
  'no',
];

function statusOf(raw: string): DirectoryStatus | null {
  const word = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  // An empty cell says nothing against the person: being listed is what counts.
  if (word === '' || ACTIVE.includes(word)) return 'active';
  if (INACTIVE.includes(word)) return 'inactive';
  return null;
}

/** The separator the header uses: exports from spreadsheets in many locales use `;`, some tools a tab. */
function delimiterOf(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * The largest directory file read: an export of every column for about half a million people. Only the email and
 * status of each row are kept while it is parsed, so memory follows the people, not the file.
 */
export const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

// A header cell is named in a message only when it reads as a column name: the first line of a file that is not a
// directory export (a .env file, a key) must not reach a CI log.
const COLUMN_NAME = /^[\p{L}\p{N}_][\p{L}\p{N} _.()/-]{0,39}$/u;

/** csv-parse's errors by code, in words of ours: its own messages can quote the field they stopped at. */
const CSV_ERRORS: Readonly<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_OPENING_QUOTE: 'a quote inside a field that does not start with one',
  CSV_INVALID_CLOSING_QUOTE: 'text after the closing quote of a field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after the closing quote of a field',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a row with another number of columns than the header',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'a row with another number of columns than the header',
  CSV_MAX_RECORD_SIZE: 'a row too long to be a directory entry',
};

function csvProblem(error: unknown): { row: number; problem: string } {
  const { code, lines, message } = error as { code?: string; lines?: unknown; message?: unknown };
  let problem = (code !== undefined && CSV_ERRORS[code]) || 'not valid CSV';
  // The counts of a short or long row, never its cells: csv-parse says them as `expect 3, got 1`.
  const counts = typeof message === 'string' ? /expect (\d+), got (\d+)/.exec(message) : null;
  if (counts) problem = `${problem} (expected ${counts[1]}, got ${counts[2]})`;
  return { row: typeof lines === 'number' ? lines : 1, problem: `not valid CSV: ${problem}` };
}

interface Parsed {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** Parses the directory (text or bytes); every problem is thrown as `file: row n: ...`, never quoting a cell. */
export async function parseDirectory(input: string | Buffer, file: string): Promise<DirectoryEntry[]> {
  const { parse } = await import('csv-parse');
  const fail = (row: number, problem: string): never => {
    throw new InputFileError(file, [`row ${row}: ${problem}`]);
  };
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const firstLine = bytes.subarray(0, Math.max(0, bytes.indexOf(0x0a)) || bytes.length).toString('utf8');
  const parser = parse({
    bom: true,
    delimiter: delimiterOf(firstLine),
    skip_empty_lines: true,
    info: true,
    trim: true,
    // A row longer than this is not a directory entry (and would be held whole while it is parsed).
    max_record_size: 1024 * 1024,
  });
  // Fed in pieces, each piece's rows taken before the next: only email and status are kept of any row.
  const PIECE = 1024 * 1024;
  parser.on('error', () => undefined);
  const feeding = (async () => {
    for (let at = 0; at < bytes.length && !parser.destroyed; at += PIECE) {
      if (!parser.write(bytes.subarray(at, at + PIECE))) await new Promise((ok) => parser.once('drain', ok));
    }
    parser.end();
  })();
  const entries: DirectoryEntry[] = [];
  let emailAt: number | undefined;
  let statusAt: number | undefined;
  let header = true;
  try {
    for await (const parsed of parser as AsyncIterable<Parsed>) {
      const { record, info } = parsed;
      if (header) {
        header = false;
        const names = record.map((cell) => cell.trim().toLowerCase());
        const column = (name: string): number | undefined => {
          const at = names.filter((n) => n === name).length;
          if (at > 1) fail(info.lines, `the "${name}" column appears ${at} times`);
          const index = names.indexOf(name);
          return index === -1 ? undefined : index;
        };
        emailAt = column('email');
        statusAt = column('status');
        if (emailAt === undefined) {
          const shown = names.filter((n) => COLUMN_NAME.test(n)).slice(0, 8);
          const hidden = names.length - shown.length;
          const found = [...shown, ...(hidden > 0 ? [`${hidden} not shown (not a column name)`] : [])].join(', ');
          fail(info.lines, `no "email" column in the header (found: ${found === '' ? 'nothing' : found})`);
        }
        continue;
      }
      const email = record[emailAt as number] ?? '';
      if (email === '') fail(info.lines, 'the email is empty');
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) fail(info.lines, 'the email is not an email address');
      const status = statusOf(statusAt === undefined ? '' : (record[statusAt] ?? ''));
      if (status === null)
        fail(info.lines, `the status is neither active (${ACTIVE.join(', ')}) nor inactive (${INACTIVE.join(', ')})`);
      entries.push({ email, status: status as DirectoryStatus });
    }
    await feeding;
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    const { row, problem } = csvProblem(error);
    return fail(row, problem);
  } finally {
    parser.destroy();
  }
  if (header) return fail(1, 'the file is empty: it needs a header row with an "email" column');
  return entries;
}

export async function readDirectory(path: string, shownAs: string, signal?: AbortSignal): Promise<DirectoryEntry[]> {
  let bytes: Buffer;
  try {
    bytes = await readInputFile(path, { maxBytes: MAX_DIRECTORY_BYTES, signal });
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    throw new InputFileError(shownAs, [`cannot read the directory file (${error.message})`], { cause: error });
  }
  return parseDirectory(bytes, shownAs);
}
