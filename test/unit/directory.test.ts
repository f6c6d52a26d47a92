/** commands/shared/directory.ts: the directory CSV, every bad file one InputFileError naming the file and the row. */
import { describe, expect, it } from '@jest/globals';
import { parseDirectory } from '../../src/commands/shared/directory.js';
import { InputFileError } from '../../src/errors.js';

const problem = async (text: string): Promise<string> => {
  const error = await parseDirectory(text, 'dir.csv').then(
    () => new Error('parsed'),
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(InputFileError);
  return error.message;
};

describe('parseDirectory', () => {
  it('reads email and status by name in any case and order, ignoring other columns', async () => {
    const text =
      'Department,Full Name,STATUS,E-Mail Ignored,Email\nBI,"Doe, Jo",Active,x,jo@acme.com\nOps,Al,terminated,,al@acme.com\n';
    await expect(parseDirectory(text, 'dir.csv')).resolves.toEqual([
      { email: 'jo@acme.com', status: 'active' },
      { email: 'al@acme.com', status: 'inactive' },
    ]);
  });

  it('accepts a byte-order mark, semicolons or tabs, blank lines, and no status column (everyone listed is active)', async () => {
    await expect(parseDirectory('\uFEFFemail;name\na@b.c;A\n\nd@e.f;D\n', 'dir.csv')).resolves.toEqual([
      { email: 'a@b.c', status: 'active' },
      { email: 'd@e.f', status: 'active' },
    ]);
    await expect(parseDirectory('name\temail\tstatus\nA\ta@b.c\tSUSPENDED\n', 'dir.csv')).resolves.toEqual([
      { email: 'a@b.c', status: 'inactive' },
    ]);
  });

  it.each([
    ['', 'dir.csv: row 1: the file is empty'],
    ['name,status\nA,active\n', 'dir.csv: row 1: no "email" column in the header (found: name, status)'],
    ['email,Email\na@b.c,a@b.c\n', 'dir.csv: row 1: the "email" column appears 2 times'],
    ['email,status\na@b.c,active\n,active\n', 'dir.csv: row 3: the email is empty'],
    ['email\na@b.c\nnot-an-email\n', 'dir.csv: row 3: the email is not an email address'],
    ['email,status\n\na@b.c,on leave\n', 'dir.csv: row 3: the status is neither active'],
    [
      'looker_secret=s3cr3t\n',
      'dir.csv: row 1: no "email" column in the header (found: 1 not shown (not a column name))',
    ],
  ])('%j: %s', async (text, message) => {
    expect(await problem(text)).toContain(message);
  });

  // An attack review: a .env file as --directory printed its first line, then 80 and 40 characters of later rows.
  it.each([
    ['the header', 'looker_secret=s3cr3t-HEADER-value\n'],
    ['an email cell', 'email,status\nlooker_secret=s3cr3t-EMAIL-value-that-is-long,active\n'],
    ['a status cell', 'email,status\na@b.c,s3cr3t-STATUS-value\n'],
    ['a broken quote', 'email,status\n"a@b.c,s3cr3t-QUOTE-value\n'],
    ['a short row', 'email;status;name\ns3cr3t-SHORT-value\n'],
  ])('%s: the row is named, never its cells', async (_where, text) => {
    const message = await problem(text);
    expect(message).toMatch(/^dir\.csv: row \d+: /);
    expect(message).not.toContain('s3cr3t');
  });
});
