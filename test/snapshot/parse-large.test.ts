/**
 * Reading snapshots level by level (`diff` of two 300,000-user snapshots used to hold every user twice):
 * the result and every problem, with its path and in its order, are what one zod parse of the whole document
 * gives; and a diff of two large generated snapshots gives the same answer read either way.
 */
import { describe, expect, it } from '@jest/globals';
import { diffSnapshots } from '../../src/audit/diff.js';
import type { AuditedUser } from '../../src/audit/types.js';
import { generateOrganisation } from '../../src/fake-looker/index.js';
import { InputFileError } from '../../src/errors.js';
import { usersJsonChunks } from '../../src/report/json.js';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import { snapshotSchema } from '../../src/snapshot/schema.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';
import { auditOrganisation, reportOf } from '../helpers/org-report.js';

/** Today's reading before this change: one zod parse of the whole document. */
function wholeParse(text: string): { data?: unknown; problems: string[] } {
  const result = snapshotSchema.safeParse(JSON.parse(text));
  if (result.success) return { data: result.data, problems: [] };
  const path = (keys: readonly PropertyKey[]) =>
    keys.reduce<string>(
      (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`),
      '',
    );
  return { problems: result.error.issues.map((issue) => `${path(issue.path)}: ${issue.message}`) };
}

function levelParse(text: string): { data?: unknown; problems: string[]; total?: number } {
  try {
    return { data: parseSnapshot(text, 's.json'), problems: [] };
  } catch (error) {
    if (!(error instanceof InputFileError)) throw error;
    return { problems: [...error.problems], total: error.total };
  }
}

const text = (report: ReturnType<typeof reportOf>) => [...usersJsonChunks(report)].join('');
const org = reportOf([
  auditOrganisation(generateOrganisation({ seed: 3, users: 60, groups: 8 })),
  auditOrganisation(generateOrganisation({ seed: 4, users: 30, groups: 4 }), 'second', 'https://second.test'),
]);
type Loose = Record<string, unknown> & { accounts: (Record<string, unknown> & { users: unknown[] })[] };
const loose = (): Loose => JSON.parse(text(org)) as Loose;
const userAt = (doc: Loose, a: number, u: number) => doc.accounts[a]!.users[u] as Record<string, unknown>;

describe('parseSnapshot level by level = one zod parse of the whole document', () => {
  const cases: [string, (doc: Loose) => unknown, number][] = [
    ['a snapshot as written', (doc) => doc, 0],
    [
      'users as older or other writers write them: kind standard, extra keys, keys in another order',
      (doc) => {
        userAt(doc, 0, 1).kind = 'standard';
        userAt(doc, 0, 2).usage = { query_count: 3 };
        const { id, ...rest } = userAt(doc, 1, 0);
        doc.accounts[1]!.users[0] = { ...rest, id };
        doc.extra = true;
        doc.accounts[0]!.extra = 'x';
        return doc;
      },
      0,
    ],
    [
      'problems at every level',
      (doc) => {
        doc.generated_at = 5;
        delete doc.rules;
        doc.accounts[0]!.api_calls = 'many';
        userAt(doc, 0, 3).license = 'gold';
        userAt(doc, 0, 3).roles = [1, 'x', null];
        doc.accounts[0]!.users[7] = 'not a user';
        doc.accounts[0]!.users[8] = null;
        doc.accounts[0]!.users[9] = [];
        delete userAt(doc, 1, 2).reason;
        userAt(doc, 1, 4).kind = 'robot';
        doc.accounts[1]!.summary = { developer: 1 };
        return doc;
      },
      14,
    ],
    [
      'accounts and users lists that are not lists',
      (doc) => {
        (doc.accounts[0] as Record<string, unknown>).users = {};
        delete (doc.accounts[1] as Record<string, unknown>).users;
        doc.accounts.push(7 as never, null as never);
        return doc;
      },
      4,
    ],
    ['accounts that is not a list', (doc) => ({ ...doc, accounts: 'none' }), 1],
    ['a document with only the version', () => ({ schema_version: 1 }), 3],
  ];
  it.each(cases)('%s', (_, make, problems) => {
    const given = JSON.stringify(make(loose()));
    const whole = wholeParse(given);
    expect(whole.problems.length).toBe(problems);
    const levels = levelParse(given);
    expect(levels.problems).toEqual(whole.problems.slice(0, 10));
    expect(levels.total ?? 0).toBe(whole.problems.length);
    expect(levels.data).toEqual(whole.data);
    if (whole.data !== undefined) expect(JSON.stringify(levels.data)).toBe(JSON.stringify(whole.data));
  });
});

describe('diff of two large generated snapshots', () => {
  it('gives the same answer as before, with the counts the changes made', () => {
    const [account] = reportOf([
      auditOrganisation(generateOrganisation({ seed: 5, users: 6_000, groups: 60 }), 'prod'),
    ]).accounts;
    const earlier = reportOf([account!], new Date('2026-10-01T00:00:00Z'));
    const users: AuditedUser[] = [];
    const expected = { added: 0, removed: 0, tierChanges: 0, statusChanges: 0 };
    account!.users.forEach((u, i) => {
      if (i % 100 === 0) expected.removed += 1;
      else if (i % 50 === 25) {
        expected.tierChanges += 1;
        users.push({ ...u, license: u.license === 'viewer' ? 'developer' : 'viewer' });
      } else if (i % 75 === 37) {
        expected.statusChanges += 1;
        users.push({ ...u, status: u.status === 'active' ? 'disabled' : 'active' });
      } else users.push(u);
    });
    for (let i = 0; i < 60; i++) users.push({ ...account!.users[i]!, id: `new-${i}`, email: `new.${i}@x.test` });
    expected.added = 60;
    const later = reportOf([{ ...account!, users }], new Date('2026-11-01T00:00:00Z'));

    const [oldText, newText] = [text(earlier), text(later)];
    const now = diffSnapshots(parseSnapshot(oldText, 'old.json'), parseSnapshot(newText, 'new.json'));
    const before = diffSnapshots(
      wholeParse(oldText).data as SnapshotDocument,
      wholeParse(newText).data as SnapshotDocument,
    );
    expect(now).toEqual(before);
    const [diffed] = now.accounts;
    expect({
      added: diffed?.added.length,
      removed: diffed?.removed.length,
      tierChanges: diffed?.tierChanges.length,
      statusChanges: diffed?.statusChanges.length,
    }).toEqual(expected);
    expect(expected.removed).toBe(60);
  });
});
