/**
 * The JSON views in pieces: the text of a million users passes V8's string limit, so the views
 * with a row per user are written in pieces. Each piece-wise text must be the single-string text byte for byte:
 * same indentation, key order, escaping of terminal controls, trailing newline.
 */
import { describe, expect, it } from '@jest/globals';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserUsageView } from '../../src/audit/rightsize.js';
import { failedAccount } from '../../src/audit/account.js';
import type { AuditReport, AuditedUser } from '../../src/audit/types.js';
import { generateOrganisation, sampleOrganisation, type Organisation } from '../../src/fake-looker/index.js';
import { writeFileAtomic, type AtomicFs } from '../../src/output/write-atomic.js';
import {
  JsonRows,
  jsonChunks,
  renderUsersJson,
  stringifyJson,
  toJsonDocument,
  usersJsonChunks,
} from '../../src/report/json.js';
import { usageJson, type UsageLookup } from '../../src/report/usage.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';
import { auditOrganisation, reportOf } from '../helpers/org-report.js';

const joined = (pieces: Iterable<string>): string => [...pieces].join('');

// Terminal controls, quotes and backslashes, JSON's own escapes, astral and combining characters, lone surrogates
// (JSON.stringify writes them as \udxxx), the separators JSON.stringify leaves raw, bidi overrides.
const HOSTILE = [
  'Eve\u001b]0;pwned\u0007',
  '\u001b[31mRed\u001b[0m\u001b[2J',
  'c1\u009b31m\u0085nel',
  'admin\u202Etxt.exe',
  'iso\u2066late\u2069d\u200F\u061C',
  'del\u007Fete nul\u0000',
  'line\nbreak\r\ncrlf\ttab',
  'sep\u2028ara\u2029tor',
  'O\'Brien, "Jo" \\ back/slash',
  'Zoë Ødegård 李小龍 🚀 👨‍👩‍👧',
  'lone \uD800 high',
  'lone \uDFFF low',
  'pair cut \uD83D',
  '\uDE80 tail',
  '',
  ' ',
];

/** The generated organisation with every name, email, role and group name replaced by hostile text. */
function hostileOrganisation(users: number): Organisation {
  const org = generateOrganisation({ seed: 7, users, groups: 30, roles: 12, nestingDepth: 3 });
  const pick = (i: number) => HOSTILE[i % HOSTILE.length] ?? '';
  return {
    ...org,
    roles: org.roles.map((r, i) => ({ ...r, name: `${pick(i)}${r.name}` })),
    groups: org.groups.map((g, i) => ({ ...g, name: `${g.name}${pick(i + 3)}` })),
    users: org.users.map((u, i) => ({
      ...u,
      first_name: pick(i),
      last_name: pick(i + 5),
      email: i % 17 === 0 ? null : `${pick(i + 1)}${u.email ?? ''}`,
    })),
  };
}

/** Today's users --usage document (the one written as one string before), kept here as the reference. */
function withUsageJson(doc: SnapshotDocument, lookup: UsageLookup, report: AuditReport) {
  const users = new Map(report.accounts.map((a) => [a.name, a.users]));
  return {
    ...doc,
    accounts: doc.accounts.map((a) => {
      const byId = new Map((users.get(a.name) ?? []).map((u) => [u.id, u]));
      return {
        ...a,
        users: a.users.map((u) => {
          const audited = byId.get(u.id);
          return { ...u, usage: audited === undefined ? null : usageJson(lookup(a.name, audited)?.usage ?? null) };
        }),
      };
    }),
  };
}

/** A deterministic usage per user; null (logins only) for every fifth one. */
const lookup: UsageLookup = (account: string, user: AuditedUser) => {
  const n = Number(user.id);
  if (n % 5 === 0) return null;
  return {
    usage: {
      lastDeveloperUse: n % 3 === 0 ? '2026-10-01' : null,
      lastCreatorUse: `2026-09-${String((n % 28) + 1).padStart(2, '0')}`,
      lastViewerUse: null,
      lastApiLogin: n % 2 === 0 ? undefined : `${account}\u001b[2J`,
      queryCount: n * 3,
    },
  } as unknown as UserUsageView;
};

describe('jsonChunks: the text of stringifyJson, in pieces', () => {
  it('is identical for documents of every JSON shape, long lists included', () => {
    const long = Array.from({ length: 2_345 }, (_, i) => ({
      i,
      name: HOSTILE[i % HOSTILE.length],
      tags: i % 2 === 0 ? [] : ['a', { deep: [i, null, true] }],
      empty: {},
      skipped: undefined,
    }));
    const documents: unknown[] = [
      {},
      [],
      { a: [], b: {}, c: null, d: [[]], e: [{}] },
      { at: new Date('2026-01-02T03:04:05Z'), fn: () => 1, sym: Symbol('x'), undef: undefined, n: -0, nan: NaN },
      [undefined, () => 1, Symbol('y'), 1, 'two', [3, [4, [5]]]],
      Object.assign(Object.create(null) as object, { proto: 'none', map: new Map([[1, 2]]), boxed: new String('s') }),
      { text: HOSTILE.join('|'), keys: Object.fromEntries(HOSTILE.map((h, i) => [h, i])) },
      { outer: [{ inner: long }], long, rows: new JsonRows(long, (row) => ({ ...row, extra: row.i * 2 })) },
      {
        oneBatch: long.slice(0, 100),
        onePastIt: long.slice(0, 101),
        longer: long.slice(0, 1001),
        rows: new JsonRows([], (x) => x),
      },
      'a string alone',
      42,
      null,
    ];
    for (const document of documents) expect(joined(jsonChunks(document))).toBe(stringifyJson(document));
  });

  it('writes a long list in several pieces, each cut between two elements', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: String(i), name: `user ${i}` }));
    const pieces = [...jsonChunks({ users: new JsonRows(rows, (r) => r) })];
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/(\[|\}|,)\n?$/);
    expect(pieces.join('')).toBe(stringifyJson({ users: rows }));
  });
});

describe('users --format json in pieces', () => {
  it('is the single-string text of the sample organisation, with and without --usage', () => {
    const report = reportOf([auditOrganisation(sampleOrganisation(), 'sample', 'https://sample.looker.example')]);
    expect(report.accounts[0]?.users.length).toBeGreaterThan(10);
    expect(joined(usersJsonChunks(report))).toBe(renderUsersJson(report));
    expect(joined(usersJsonChunks(report, lookup))).toBe(
      stringifyJson(withUsageJson(toJsonDocument(report), lookup, report)),
    );
  });

  it('is the single-string text of a generated organisation with hostile names, in several pieces', () => {
    const report = reportOf([
      auditOrganisation(hostileOrganisation(3_500)),
      failedAccount('eu\u001b[2J', 'https://eu.test', 'login refused\u2028(HTTP 404)', 1),
      auditOrganisation(hostileOrganisation(40), 'small "one"', 'https://small.test'),
    ]);
    const text = renderUsersJson(report);
    // The hostile text arrived: escaped, never raw.
    expect(text).toContain('\\u001b]0;pwned\\u0007');
    expect(text).toContain('\\ud800');
    expect(text).toContain('\\u202e');
    const pieces = [...usersJsonChunks(report)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(text);
    expect(joined(usersJsonChunks(report, lookup))).toBe(
      stringifyJson(withUsageJson(toJsonDocument(report), lookup, report)),
    );
  });
});

describe('users JSON written through the atomic writer', () => {
  it('is written piece by piece; a failure while making a later piece leaves the previous file and no temp file', async () => {
    const dir = await fs.mkdtemp(join(tmpdir(), 'looker-audit-json-'));
    try {
      const report = reportOf([auditOrganisation(hostileOrganisation(2_500))]);
      const path = join(dir, 'users.json');
      let writes = 0;
      const counting: AtomicFs = {
        ...fs,
        open: (async (...args: Parameters<typeof fs.open>) => {
          const handle = await fs.open(...args);
          const write = handle.writeFile.bind(handle);
          return Object.assign(handle, {
            writeFile: async (...w: Parameters<typeof handle.writeFile>) => {
              writes += 1;
              return write(...w);
            },
          });
        }) as typeof fs.open,
      };
      await writeFileAtomic(path, usersJsonChunks(report), { fs: counting });
      expect(await fs.readFile(path, 'utf8')).toBe(renderUsersJson(report));
      expect(writes).toBeGreaterThan(3);

      // The 2,000th user cannot be rendered: the text written so far (in the temp file) is dropped.
      const users = [...(report.accounts[0]?.users ?? [])];
      users[1_999] = Object.defineProperty({ ...users[1_999] }, 'email', {
        get: () => {
          throw new Error('render failed');
        },
      }) as AuditedUser;
      const broken = { ...report, accounts: [{ ...report.accounts[0]!, users }] };
      writes = 0;
      await expect(writeFileAtomic(path, usersJsonChunks(broken), { fs: counting })).rejects.toThrow('render failed');
      expect(writes).toBeGreaterThan(0);
      expect(await fs.readFile(path, 'utf8')).toBe(renderUsersJson(report));
      expect(await fs.readdir(dir)).toEqual(['users.json']);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
