/**
 * A row that takes no seat never counts as one. A budget owner who pivots the users CSV in a spreadsheet (rows:
 * license, filter: seat = true, value: count) gets `summary`'s seat counts, account by account; `users --license
 * developer` lists every holder of the tier, says how many of them are seats, and that number is `summary`'s.
 * Run in-process against two sample instances (the sample has a disabled Developer, an embed user and Looker
 * support staff).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { runCli } from '../../src/cli/run.js';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { TIERS, type Tier } from '../../src/vocabulary.js';
import { memoryIo } from '../helpers/memory-io.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';

const env = SAMPLE_ENV;
let ws: Workspace;
let fakes: FakeLooker[];

async function run(argv: readonly string[]): Promise<string> {
  const io = memoryIo(ws.dir, { env });
  expect(await runCli(['-q', ...argv], io)).toBe(0);
  return io.out();
}

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-pivot-');
  fakes = await Promise.all([startFakeLooker(), startFakeLooker()]);
  await ws.write(
    'looker-audit.yaml',
    configYaml(fakes.map((fake, i) => sampleAccount(fake.url, ['production', 'staging'][i] ?? ''))),
  );
});
afterAll(async () => {
  await Promise.all(fakes.map((fake) => fake.close()));
  await ws.remove();
});

interface SummaryJson {
  readonly accounts: readonly { readonly name: string; readonly seats: Record<Tier, number> }[];
}

describe('the seat column', () => {
  it('a pivot of the users CSV on seat and license equals summary, per account and tier', async () => {
    const rows = parseCsv(await run(['users', '-f', 'csv']), { columns: true }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.seat))).toEqual(new Set(['true', 'false']));
    // Rows without a seat are there, with their tier: the pivot must filter on seat to count seats.
    expect(rows.some((r) => r.seat === 'false' && r.license === 'developer' && r.status === 'disabled')).toBe(true);
    const pivot = new Map<string, number>();
    for (const r of rows)
      if (r.seat === 'true') pivot.set(`${r.account}/${r.license}`, (pivot.get(`${r.account}/${r.license}`) ?? 0) + 1);

    const summary = JSON.parse(await run(['summary', '-f', 'json'])) as SummaryJson;
    expect(summary.accounts.map((a) => a.name)).toEqual(['production', 'staging']);
    for (const account of summary.accounts)
      for (const tier of TIERS)
        expect([account.name, tier, pivot.get(`${account.name}/${tier}`) ?? 0]).toEqual([
          account.name,
          tier,
          account.seats[tier],
        ]);
  });

  it('the users JSON carries the same seat on every user', async () => {
    const doc = JSON.parse(await run(['users', '-f', 'json'])) as {
      accounts: { summary: Record<Tier, number>; users: { license: Tier; seat: boolean }[] }[];
    };
    for (const account of doc.accounts)
      for (const tier of TIERS)
        expect(account.users.filter((u) => u.seat && u.license === tier)).toHaveLength(account.summary[tier]);
  });

  it('users --license developer lists every Developer and counts the seats among them as summary does', async () => {
    const summary = JSON.parse(await run(['summary', '-f', 'json'])) as SummaryJson;
    const developers = summary.accounts.reduce((sum, a) => sum + a.seats.developer, 0);
    const listed = parseCsv(await run(['users', '--license', 'developer', '-f', 'csv']), {
      columns: true,
    }) as Record<string, string>[];
    const table = await run(['users', '--license', 'developer']);
    expect(table).toContain(
      `Only users with tier developer: ${listed.length} users, ${developers} of them seats (as summary counts them); ` +
        `${listed.length - developers} take no seat (${listed.length - developers} disabled).`,
    );
    expect(listed.filter((r) => r.seat === 'true')).toHaveLength(developers);
    expect(table).toContain('developer · disabled, no seat');
  });
});
