/** Inputs for the HTML report tests: a synthetic report of any size, with optional right-sizing and history. */
import { summarise } from '../../src/audit/summary.js';
import type { AccountAudit, AuditedUser, AuditReport, TierCounts } from '../../src/audit/types.js';
import { failedAccount } from '../../src/audit/account.js';
import type { Tier } from '../../src/vocabulary.js';
import type { HistoryPoint, HtmlReportInput, HtmlRightsize, HtmlSection } from '../../src/report/html/index.js';

export const NOW = new Date('2026-11-30T12:00:00.000Z');
const TIER_CYCLE: readonly Tier[] = ['viewer', 'standard', 'viewer', 'developer', 'viewer', 'standard', 'none'];
const FIRST = ['Ada', 'Ben', 'Chloe', 'Dan', 'Eva', 'Finn', 'Gina', 'Hugo', 'Iris', 'Jack', 'Kim', 'Leo'];
const LAST = ['Admin', 'Builder', 'Chen', 'Diaz', 'Evans', 'Fox', 'Gray', 'Hill', 'Ito', 'Jones', 'Kato', 'Lane'];

export function syntheticUser(i: number, overrides: Partial<AuditedUser> = {}): AuditedUser {
  const license = TIER_CYCLE[i % TIER_CYCLE.length] ?? 'viewer';
  const first = FIRST[i % FIRST.length] ?? 'A';
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length] ?? 'B';
  const disabled = i % 17 === 5;
  const kind = i % 23 === 7 ? 'embed' : i % 41 === 9 ? 'service' : 'regular';
  const day = 1 + (i % 28);
  return {
    id: String(1000 + i),
    email: `${first}.${last}${i}@acme.example`.toLowerCase(),
    name: `${first} ${last}`,
    status: disabled ? 'disabled' : 'active',
    kind,
    license,
    countsTowardSeats: !disabled && (kind === 'regular' || kind === 'service'),
    roles: license === 'none' ? [] : [`${license[0]?.toUpperCase()}${license.slice(1)}s`],
    groups: i % 3 === 0 ? ['Analytics', 'BI'] : ['Sales'],
    lastLoginAt:
      i % 11 === 3
        ? null
        : `2026-${String(1 + (i % 11)).padStart(2, '0')}-${String(day).padStart(2, '0')}T09:00:00.000Z`,
    createdAt: '2024-01-01T00:00:00.000Z',
    reason:
      license === 'none' ? 'none: no role grants a tier' : `${license}: role "${license}s" rule, via group "Sales"`,
    grants: [],
    ...overrides,
  };
}

export function syntheticAccount(name: string, users: readonly AuditedUser[], apiCalls = 6): AccountAudit {
  const seats: TierCounts = { developer: 0, standard: 0, viewer: 0, none: 0 };
  for (const u of users) if (u.countsTowardSeats) seats[u.license] += 1;
  return {
    name,
    url: `https://${name}.example`,
    apiCalls,
    lookerRelease: '26.12',
    error: null,
    seats,
    users,
    roles: [],
    groups: [],
  };
}

export function syntheticReport(
  sizes: Readonly<Record<string, number>>,
  { failed = [] as string[] } = {},
): AuditReport {
  let next = 0;
  const accounts = Object.entries(sizes).map(([name, n]) =>
    syntheticAccount(
      name,
      Array.from({ length: n }, () => syntheticUser(next++)),
    ),
  );
  for (const name of failed)
    accounts.push(failedAccount(name, `https://${name}.example`, `account "${name}": login refused (HTTP 404)`, 1));
  return { generatedAt: NOW.toISOString(), rules: 'torii', accounts };
}

export function rightsizeFor(report: AuditReport): HtmlRightsize {
  return {
    usageDays: 90,
    accounts: report.accounts.map((a) => ({
      account: a.name,
      usage: 'system_activity' as const,
      usageAsOf: '2026-11-30',
      error: a.error,
      recommendations: a.users
        .filter((u) => u.countsTowardSeats && (u.license === 'developer' || u.license === 'standard'))
        .filter((_u, i) => i % 2 === 0)
        .map((u, i) => ({
          userId: u.id,
          email: u.email,
          name: u.name,
          tier: u.license,
          to: i % 3 === 0 ? ('reclaim' as const) : ('viewer' as const),
          evidence:
            i % 3 === 0
              ? 'no login and no use in 90 days'
              : 'no explore or SQL Runner query in 90 days; 12 dashboard queries',
          yearlySaving: 400,
        })),
    })),
  };
}

export function historyFor(report: AuditReport): HistoryPoint[] {
  return report.accounts
    .filter((a) => a.error === null)
    .flatMap((a) =>
      ['2026-09-01T06:00:00.000Z', '2026-10-01T06:00:00.000Z', '2026-11-01T06:00:00.000Z'].map((at, k) => ({
        at,
        account: a.name,
        seats: {
          developer: a.seats.developer + 2 - k,
          standard: a.seats.standard,
          viewer: a.seats.viewer + k,
          none: 0,
        },
      })),
    );
}

export function htmlInput(
  report: AuditReport,
  extra: { sections?: HtmlSection[]; rightsize?: boolean; history?: boolean } = {},
): HtmlReportInput {
  const prices = { developer: 1650, standard: 800, viewer: 400 };
  return {
    report,
    summary: summarise(report, { now: NOW, inactiveDays: 90, prices }),
    sections: extra.sections ?? ['summary', 'rightsize', 'users'],
    prices,
    ...(extra.rightsize === false ? {} : { rightsize: rightsizeFor(report) }),
    ...(extra.history === false ? {} : { history: historyFor(report) }),
  };
}
