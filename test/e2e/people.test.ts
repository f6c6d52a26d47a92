/**
 * `people` on the built CLI against two sample instances with overlapping people: the same person spelt with
 * different case in each, a person with a Developer seat in both, a disabled user, a user without email, and a
 * directory file with a leaver and a person missing from it. Then the failures: an account that cannot be
 * audited, and directory files that cannot be used (exit 2 before any API call).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadOrganisation, startFakeLooker, type FakeLooker, type Organisation } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

const CLIENT = { clientId: 'people-client', clientSecret: 'people-secret-value-42' };

const ROLES = {
  permission_sets: [
    {
      id: '1',
      name: 'Develop',
      all_access: false,
      built_in: false,
      permissions: ['access_data', 'explore', 'develop'],
    },
    { id: '2', name: 'Explore', all_access: false, built_in: false, permissions: ['access_data', 'explore'] },
    { id: '3', name: 'View', all_access: false, built_in: false, permissions: ['access_data'] },
  ],
  model_sets: [{ id: '1', name: 'All', all_access: true, built_in: true, models: [] }],
  roles: [
    { id: '1', name: 'Developer', permission_set_id: '1', model_set_id: '1' },
    { id: '2', name: 'Explorer', permission_set_id: '2', model_set_id: '1' },
    { id: '3', name: 'Viewer', permission_set_id: '3', model_set_id: '1' },
  ],
};

const user = (
  id: string,
  email: string | null,
  first: string,
  roleId: string,
  extra: Record<string, unknown> = {},
) => ({
  id,
  email,
  first_name: first,
  last_name: 'Test',
  role_ids: [roleId],
  logged_in_at: '2026-11-01T10:00:00Z',
  created_at: '2024-01-01T00:00:00Z',
  ...extra,
});

const PRODUCTION: Organisation = loadOrganisation({
  ...ROLES,
  groups: [],
  users: [
    user('1', 'alice@acme.com', 'Alice', '1'),
    user('2', 'Bob@Acme.com', 'Bob', '2'),
    user('3', 'carol@acme.com', 'Carol', '3'),
    user('4', null, 'Robot', '3', { is_service_account: true }),
    user('5', 'dave@acme.com', 'Dave', '1', { is_disabled: true }),
  ],
} as unknown as Organisation);

const STAGING: Organisation = loadOrganisation({
  ...ROLES,
  groups: [],
  users: [
    user('11', ' ALICE@acme.com', 'Alice', '1'),
    user('12', 'bob@acme.com', 'Bob', '3'),
    user('13', 'erin@acme.com', 'Erin', '1'),
    user('14', 'frank@acme.com', 'Frank', '3'),
  ],
} as unknown as Organisation);

const DIRECTORY = [
  'Name,EMAIL,Department,Status',
  'Alice,alice@ACME.com,BI,Active',
  'Bob,bob@acme.com,Sales,ACTIVE',
  'Carol,carol@acme.com,Ops,active',
  'Erin,erin@acme.com,BI,Suspended',
  '',
].join('\n');

let production: FakeLooker;
let staging: FakeLooker;
let ws: Workspace;
const env = { PROD_SECRET: CLIENT.clientSecret, STAGING_SECRET: CLIENT.clientSecret, DOWN_SECRET: 'x' };

beforeAll(async () => {
  production = await startFakeLooker({ org: PRODUCTION, credentials: [CLIENT] });
  staging = await startFakeLooker({ org: STAGING, credentials: [CLIENT] });
  ws = await createWorkspace();
  const accounts = [
    { name: 'production', url: production.url, clientId: CLIENT.clientId, secretEnv: 'PROD_SECRET' },
    { name: 'staging', url: staging.url, clientId: CLIENT.clientId, secretEnv: 'STAGING_SECRET' },
  ];
  await ws.write(
    'looker-audit.yaml',
    configYaml(accounts, 'prices: { developer: 1650, standard: 800, viewer: 400 }\n'),
  );
  await ws.write(
    'with-down.yaml',
    configYaml([...accounts, { name: 'down', url: 'http://127.0.0.1:9', clientId: 'x', secretEnv: 'DOWN_SECRET' }]),
  );
  await ws.write('directory.csv', DIRECTORY);
  await ws.write('no-email.csv', 'name,mail,status\nAlice,alice@acme.com,active\n');
  await ws.write('bad-status.csv', 'email,status\nalice@acme.com,active\nbob@acme.com,maybe\n');
  await ws.write('bad-quote.csv', 'email,status\nalice@acme.com,active\nbob@acme.com,"active\n');
  await ws.write('short-row.csv', 'email;status;team\nalice@acme.com;active;BI\nbob@acme.com\n');
});
afterAll(async () => {
  await production.close();
  await staging.close();
  await ws.remove();
});

interface PeopleJson {
  accounts: { name: string; error?: string; users: number | null }[];
  directory: { entries: number } | null;
  people: {
    email: string;
    names: string[];
    accounts: { account: string; user_id: string; email: string; tier: string; seat: string | null; status: string }[];
    seats: Record<string, number>;
    seats_held: number;
    yearly_cost: number | null;
    directory: string | null;
    flags: string[];
  }[];
  without_email: { account: string; user_id: string; seat: string | null; yearly_cost: number | null }[];
  totals: Record<string, unknown>;
}

const person = (doc: PeopleJson, email: string) => doc.people.find((p) => p.email === email);

describe('looker-audit people', () => {
  it('merges users by normalised email across two instances, with seats and yearly cost (JSON)', async () => {
    const r = await exec(['people', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as PeopleJson & { currency: string };
    expect(doc.currency).toBe('USD');
    expect(doc.people.map((p) => p.email)).toEqual([
      'alice@acme.com',
      'bob@acme.com',
      'carol@acme.com',
      'dave@acme.com',
      'erin@acme.com',
      'frank@acme.com',
    ]);
    const alice = person(doc, 'alice@acme.com');
    expect(alice?.accounts.map((a) => [a.account, a.user_id, a.email, a.seat])).toEqual([
      ['production', '1', 'alice@acme.com', 'developer'],
      ['staging', '11', ' ALICE@acme.com', 'developer'],
    ]);
    expect(alice).toMatchObject({
      seats_held: 2,
      yearly_cost: 3300,
      flags: ['several-developer-seats'],
      names: ['Alice Test'],
    });
    expect(person(doc, 'bob@acme.com')).toMatchObject({
      seats: { developer: 0, standard: 1, viewer: 1 },
      seats_held: 2,
      yearly_cost: 1200,
      flags: [],
      directory: null,
    });
    // Disabled: keeps the tier, holds no seat, costs nothing.
    expect(person(doc, 'dave@acme.com')).toMatchObject({ seats_held: 0, yearly_cost: 0, flags: [] });
    expect(person(doc, 'dave@acme.com')?.accounts[0]).toMatchObject({
      tier: 'developer',
      seat: null,
      status: 'disabled',
    });
    // The user without email is listed apart, never merged.
    expect(doc.without_email).toEqual([
      expect.objectContaining({ account: 'production', user_id: '4', seat: 'viewer', yearly_cost: 400 }),
    ]);
    expect(doc.totals).toMatchObject({
      people: 6,
      without_email: 1,
      seats: { developer: 3, standard: 1, viewer: 4 },
      seats_held: 8,
      yearly_cost: 3 * 1650 + 800 + 4 * 400,
      several_developer_seats: 1,
      not_in_directory: null,
    });
    expect(doc.accounts).toEqual([
      { name: 'production', url: production.url, users: 5 },
      { name: 'staging', url: staging.url, users: 4 },
    ]);
  });

  it('--directory flags the leaver (inactive there) and the seat holder missing from it; column names in any case', async () => {
    const r = await exec(['people', '--directory', 'directory.csv', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as PeopleJson;
    expect(doc.directory).toEqual({ entries: 4 });
    const flags = Object.fromEntries(doc.people.map((p) => [p.email, [p.directory, p.flags]]));
    expect(flags).toEqual({
      'alice@acme.com': ['active', ['several-developer-seats']],
      'bob@acme.com': ['active', []],
      'carol@acme.com': ['active', []],
      // Missing from the directory too, but holds no seat: nothing to act on.
      'dave@acme.com': ['missing', []],
      'erin@acme.com': ['inactive', ['inactive-in-directory']],
      'frank@acme.com': ['missing', ['not-in-directory']],
    });
    expect(doc.totals).toMatchObject({ not_in_directory: 1, inactive_in_directory: 1 });
  });

  it('the table shows each person once with their seat in each account, and --flagged keeps only the flagged', async () => {
    const r = await exec(['people', '--directory', 'directory.csv', '--flagged'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const rows = r.stdout.split('\n').filter((line) => line.includes('@'));
    expect(rows.map((line) => /[\w.]+@acme\.com/.exec(line)?.[0])).toEqual([
      'alice@acme.com',
      'erin@acme.com',
      'frank@acme.com',
    ]);
    expect(rows[0]).toMatch(/production: developer; staging: developer.*2 developer.*\$3,300.*several-developer-seats/);
    expect(r.stdout).toContain('Users without email (not merged with anyone)');
    expect(r.stdout).toMatch(
      /6 people \(3 flagged shown\); 8 seats \(3 developer, 1 standard, 4 viewer\); yearly cost \$7,350; 1 with more/,
    );
  });

  it('CSV: one row per person, then the users without email', async () => {
    const r = await exec(['people', '-f', 'csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'email,name,accounts,user_ids,seats_held,developer_seats,standard_seats,viewer_seats,yearly_cost,directory,flags',
    );
    expect(lines[1]).toBe(
      'alice@acme.com,Alice Test,production: developer; staging: developer,production: 1; staging: 11,2,2,0,0,3300,,several-developer-seats',
    );
    expect(lines).toHaveLength(1 + 6 + 1);
    expect(lines[7]).toBe(',Robot Test,production: viewer,production: 4,1,0,0,1,400,,no-email');
  });

  it('Markdown: a table per section, pipes in remote text escaped', async () => {
    const r = await exec(['people', '-f', 'markdown', '--directory', 'directory.csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^## Looker seats per person\n/);
    expect(r.stdout).toContain('| Email | Name | Accounts | Seats | Cost/year | Directory | Flags |');
    expect(r.stdout).toContain(
      '| frank\\@acme\\.com | Frank Test | staging\\: viewer | 1 viewer | \\$400 | missing | **not-in-directory** |',
    );
    expect(r.stdout).toContain('### Users without email (not merged with anyone)');
  });

  it('an account that cannot be audited is named, never counted as zero; the others are reported; exit 3', async () => {
    // Both runs at once: the down account costs each of them its retries.
    const [r, table] = await Promise.all([
      exec(['people', '-c', 'with-down.yaml', '-f', 'json'], { cwd: ws.dir, env }),
      exec(['people', '-c', 'with-down.yaml'], { cwd: ws.dir, env }),
    ]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/account "down"/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    const doc = JSON.parse(r.stdout) as PeopleJson;
    expect(doc.accounts.map((a) => [a.name, a.users, typeof a.error])).toEqual([
      ['production', 5, 'undefined'],
      ['staging', 4, 'undefined'],
      ['down', null, 'string'],
    ]);
    expect(doc.people).toHaveLength(6);
    expect(table.status).toBe(3);
    expect(table.stdout).toMatch(/^Incomplete: account "down" could not be audited/);
    expect(r.stdout + r.stderr + table.stdout + table.stderr).not.toContain(CLIENT.clientSecret);
  });

  it.each([
    [
      'no email column',
      'no-email.csv',
      /^looker-audit: no-email\.csv: row 1: no "email" column in the header \(found: name, mail, status\)$/,
    ],
    // The row is named, never a cell of it (a .env file given here printed its content).
    ['an unknown status', 'bad-status.csv', /^looker-audit: bad-status\.csv: row 3: the status is neither active/],
    [
      'an unclosed quote',
      'bad-quote.csv',
      /^looker-audit: bad-quote\.csv: row \d+: not valid CSV: a quoted field is never closed$/,
    ],
    [
      'a short row (semicolons)',
      'short-row.csv',
      /^looker-audit: short-row\.csv: row 3: not valid CSV: a row with another number of columns than the header \(expected 3, got 1\)$/,
    ],
    ['a missing file', 'nope.csv', /^looker-audit: nope\.csv: cannot read the directory file \(no such file\)$/],
  ])(
    'a directory file with %s: one line naming the file and row, exit 2, no API call',
    async (_what, file, message) => {
      const before = production.requests.length + staging.requests.length;
      const r = await exec(['people', '--directory', file], { cwd: ws.dir, env });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(production.requests.length + staging.requests.length).toBe(before);
    },
  );

  it('--output equal to the directory file is refused before any API call, the file untouched', async () => {
    const before = production.requests.length + staging.requests.length;
    const r = await exec(['people', '--directory', 'directory.csv', '-o', 'directory.csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--output directory\.csv: is directory\.csv, an input of this run/);
    expect(production.requests.length + staging.requests.length).toBe(before);
    expect(await readFile(join(ws.dir, 'directory.csv'), 'utf8')).toBe(DIRECTORY);
  });

  it('-o people.html writes one static HTML page with every person', async () => {
    const r = await exec(['people', '--directory', 'directory.csv', '-o', 'people.html'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const page = await readFile(join(ws.dir, 'people.html'), 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    // Six people and the user without email.
    expect(page.match(/<tr><td>/g)).toHaveLength(7);
    expect(page).toContain('<td class="bad">not-in-directory</td>');
  });

  it('-o people.md writes Markdown: the format follows the extension', async () => {
    const r = await exec(['people', '-o', 'people.md'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(await readFile(join(ws.dir, 'people.md'), 'utf8')).toMatch(/^## Looker seats per person\n/);
  });
});
