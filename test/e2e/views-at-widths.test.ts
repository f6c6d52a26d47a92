/**
 * Every view answers its question at the widths people use: users, users --usage, check, rightsize, people and
 * diff, run in-process against the sample instance with a terminal double of 80 and of 120 columns. Each view's
 * answering columns are read back from the table and compared with the JSON or CSV of the same run: whole (wrapped
 * where needed, never cut with '…' or hidden), no line wider than the terminal, and a disabled Developer marked as
 * taking no seat. The tables themselves are snapshots, to look at when a layout changes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { runCli } from '../../src/cli/run.js';
import { SAMPLE_ACTIVITY_DATE, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { licenceText } from '../../src/report/seat-text.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';
import { memoryIo } from '../helpers/memory-io.js';
import { column, readTable, squash, type TableText } from '../helpers/table-text.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const env = SAMPLE_ENV;
const DISABLED_DEVELOPER = 'uma.underwood@acme.example';

let ws: Workspace;
let fakes: FakeLooker[];

/** The CLI in-process; `width` makes stdout a terminal of that many columns, else it is a pipe. */
async function run(argv: readonly string[], width?: number): Promise<{ status: number; stdout: string }> {
  const io = memoryIo(ws.dir, { env, now: NOW });
  const stdout = width === undefined ? io.stdout : { write: io.stdout.write, isTTY: true, columns: width };
  const status = await runCli(['-q', ...argv], { ...io, stdout });
  return { status, stdout: io.out() };
}

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-widths-');
  fakes = await Promise.all([0, 1].map(() => startFakeLooker({ now: () => Date.parse(NOW) })));
  const accounts = fakes.map((fake, i) => sampleAccount(fake.url, i === 0 ? 'sample' : 'staging'));
  const settings =
    'prices: { developer: 1650, standard: 800, viewer: 400 }\n' +
    'policy:\n  max_seats: { developer: 3 }\n  allowed_developers: [ada.admin@acme.example]\n';
  await ws.write('one.yaml', configYaml(accounts.slice(0, 1), settings));
  await ws.write('two.yaml', configYaml(accounts, settings));
  // Two snapshots a week apart: a user added, a tier raised and one lowered, a Developer disabled since.
  const now = await run(['-c', 'one.yaml', 'users', '-f', 'json']);
  await ws.write('new.json', now.stdout);
  const before = JSON.parse(now.stdout) as { generated_at: string; accounts: { users: Record<string, unknown>[] }[] };
  const users = before.accounts[0]?.users ?? [];
  before.generated_at = '2026-11-15T08:00:00.000Z';
  before.accounts[0]!.users = users
    .filter((u) => u.email !== 'pia.park@acme.example')
    .map((u) =>
      u.email === 'chloe.chen@acme.example'
        ? { ...u, license: 'standard' }
        : u.email === 'finn.fox@acme.example'
          ? { ...u, license: 'developer' }
          : u.email === DISABLED_DEVELOPER
            ? { ...u, status: 'active' }
            : u,
    );
  await ws.write('old.json', JSON.stringify(before));
});
afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await ws.remove();
});

function expectFits(text: string, width: number): void {
  for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
}

/** Each answering column shows every cell whole: never cut, never hidden. */
function expectWhole(table: TableText, headers: readonly string[], text: string): void {
  for (const header of headers) {
    expect(column(table, header).every((cell) => !cell.includes('…'))).toBe(true);
    expect(text).not.toMatch(new RegExp(`hidden at .*\\b${header}\\b`));
  }
}

const cellsOf = (table: TableText, header: string): string[] => column(table, header).map(squash);
const squashed = (values: readonly (string | null | undefined)[]): string[] => values.map((v) => squash(v ?? ''));

describe.each([80, 120])('at %i columns', (width) => {
  it('users: the licence and why whole; a disabled Developer is marked as taking no seat', async () => {
    const { status, stdout } = await run(['-c', 'one.yaml', 'users'], width);
    expect(status).toBe(0);
    expectFits(stdout, width);
    const table = readTable(stdout);
    expectWhole(table, ['license', 'why'], stdout);
    const doc = JSON.parse((await run(['-c', 'one.yaml', 'users', '-f', 'json'])).stdout) as SnapshotDocument;
    const users = doc.accounts[0]?.users ?? [];
    expect(cellsOf(table, 'license')).toEqual(squashed(users.map((u) => licenceText(u.license, u.status, u.kind))));
    const uma = users.findIndex((u) => u.email === DISABLED_DEVELOPER);
    expect(column(table, 'license')[uma]).toBe('developer · disabled, no seat');
    expect(stdout).toMatchSnapshot();
  });

  it('users --usage: the usage columns asked for, whole', async () => {
    const { status, stdout } = await run(['-c', 'one.yaml', 'users', '--usage'], width);
    expect(status).toBe(0);
    expectFits(stdout, width);
    const table = readTable(stdout);
    const usage = ['developer use', 'creator use', 'viewer use', 'queries'];
    expectWhole(table, ['license', ...usage], stdout);
    const csv = parseCsv((await run(['-c', 'one.yaml', 'users', '--usage', '-f', 'csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(cellsOf(table, 'developer use')).toEqual(squashed(csv.map((r) => r.last_developer_use || '-')));
    expect(cellsOf(table, 'queries')).toEqual(squashed(csv.map((r) => r.query_count)));
    expect(stdout).toMatchSnapshot();
  });

  it('check: the violation, its detail and why, whole; the kind as JSON names it', async () => {
    const { status, stdout } = await run(['-c', 'two.yaml', 'check'], width);
    expect(status).toBe(1);
    expectFits(stdout, width);
    const table = readTable(stdout);
    expectWhole(table, ['violation', 'detail', 'why'], stdout);
    const json = JSON.parse((await run(['-c', 'two.yaml', 'check', '-f', 'json'])).stdout) as {
      violations: { kind: string; account: string }[];
    };
    expect(cellsOf(table, 'violation')).toEqual(squashed(json.violations.map((v) => v.kind)));
    expect(cellsOf(table, 'account')).toEqual(squashed(json.violations.map((v) => v.account)));
    expect(stdout).toMatchSnapshot();
  });

  it('rightsize: the recommendation, its evidence and saving, whole', async () => {
    const { status, stdout } = await run(['-c', 'one.yaml', 'rightsize'], width);
    expect(status).toBe(0);
    expectFits(stdout, width);
    const list = readTable(stdout.slice(stdout.indexOf('┘') + 1));
    expectWhole(list, ['to', 'saving', 'evidence'], stdout);
    const csv = parseCsv((await run(['-c', 'one.yaml', 'rightsize', '-f', 'csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(cellsOf(list, 'to')).toEqual(squashed(csv.map((r) => r.to)));
    expect(cellsOf(list, 'evidence')).toEqual(squashed(csv.map((r) => r.evidence)));
    expect(cellsOf(list, 'email')).toEqual(squashed(csv.map((r) => r.email)));
    expect(stdout).toMatchSnapshot();
  });

  it('people: every flag and every account a person holds a seat in, whole', async () => {
    const { status, stdout } = await run(['-c', 'two.yaml', 'people'], width);
    expect(status).toBe(0);
    expectFits(stdout, width);
    const table = readTable(stdout);
    expectWhole(table, ['accounts', 'seats', 'flags'], stdout);
    const json = JSON.parse((await run(['-c', 'two.yaml', 'people', '-f', 'json'])).stdout) as {
      people: { email: string; flags: string[] }[];
    };
    expect(cellsOf(table, 'flags')).toEqual(squashed(json.people.map((p) => p.flags.join(', '))));
    const uma = json.people.findIndex((p) => p.email === DISABLED_DEVELOPER);
    expect(squash(column(table, 'accounts')[uma] ?? '')).toBe(
      squash('sample: developer · disabled, no seat; staging: developer · disabled, no seat'),
    );
    expect(stdout).toMatchSnapshot();
  });

  it('diff: who and what changed, whole', async () => {
    const { status, stdout } = await run(['diff', 'old.json', 'new.json'], width);
    expect(status).toBe(0);
    expectFits(stdout, width);
    const table = readTable(stdout);
    expectWhole(table, ['change', 'user / role', 'from', 'to'], stdout);
    const csv = parseCsv((await run(['diff', 'old.json', 'new.json', '-f', 'csv'])).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(cellsOf(table, 'change')).toEqual(squashed(csv.map((r) => r.change)));
    expect(cellsOf(table, 'user / role')).toEqual(squashed(csv.map((r) => r.role || r.email)));
    expect(stdout).toMatchSnapshot();
  });
});
