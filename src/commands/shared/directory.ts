/**
 * `people --directory <file.csv>`: an export of the company directory or IdP, read before any API call is spent.
 * It needs an `email` column and may have a `status` column (names case-insensitive, any column order, other
 * columns ignored). A file that cannot be used is one InputFileError (exit 2) naming the file and the row: a row
 * quietly skipped would make its person look like a leaver.
 *
 * Row numbers are the file's line numbers (the header is row 1), as a spreadsheet shows them.
 */
import { readFile } from 'node:fs/promises';
import type { DirectoryEntry, DirectoryStatus } from '../../audit/people.js';
import { describeFileError, InputFileError } from '../../errors.js';

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
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** Parses the directory text; every problem is thrown as `file: row n: ...`. */
export async function parseDirectory(text: string, file: string): Promise<DirectoryEntry[]> {
  const { parse } = await import('csv-parse/sync');
  const fail = (row: number, problem: string): never => {
    throw new InputFileError(file, [`row ${row}: ${problem}`]);
  };
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: delimiterOf(text),
      skip_empty_lines: true,
      info: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const lines = (error as { lines?: unknown }).lines;
    const message = (error as Error).message.replace(/ (on|at) line \d+/, '').replace(/^Invalid Record Length: /, '');
    return fail(typeof lines === 'number' ? lines : 1, `not valid CSV (${message})`);
  }
  const [header, ...rows] = records;
  if (header === undefined) return fail(1, 'the file is empty: it needs a header row with an "email" column');
  const names = header.record.map((cell) => cell.trim().toLowerCase());
  const column = (name: string): number | undefined => {
    const at = names.filter((n) => n === name).length;
    if (at > 1) fail(header.info.lines, `the "${name}" column appears ${at} times`);
    const index = names.indexOf(name);
    return index === -1 ? undefined : index;
  };
  const emailAt = column('email');
  const statusAt = column('status');
  if (emailAt === undefined) {
    const seen = names.slice(0, 8).join(', ');
    return fail(header.info.lines, `no "email" column in the header (found: ${seen === '' ? 'nothing' : seen})`);
  }
  return rows.map(({ record, info }) => {
    const email = record[emailAt] ?? '';
    if (email === '') return fail(info.lines, 'the email is empty');
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return fail(info.lines, `"${email.slice(0, 80)}" is not an email address`);
    const rawStatus = statusAt === undefined ? '' : (record[statusAt] ?? '');
    const status = statusOf(rawStatus);
    if (status === null) {
      return fail(
        info.lines,
        `status "${rawStatus.slice(0, 40)}" is neither active (${ACTIVE.join(', ')}) nor inactive (${INACTIVE.join(', ')})`,
      );
    }
    return { email, status };
  });
}

export async function readDirectory(path: string, shownAs: string): Promise<DirectoryEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputFileError(shownAs, [`cannot read the directory file (${describeFileError(error)})`], {
      cause: error,
    });
  }
  return parseDirectory(text, shownAs);
}
