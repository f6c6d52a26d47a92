/** A right-sizing report of one account, for renderer tests: the recommendations given, totals made from them. */
import {
  buildRightsizeReport,
  lowerTierOf,
  type Recommendation,
  type RightsizeReport,
} from '../../src/audit/rightsize.js';

export function rightsizeOf(recommendations: readonly Recommendation[]): RightsizeReport {
  const reclaim = recommendations.filter((r) => lowerTierOf(r.to) === null).length;
  const priced = recommendations.some((r) => r.yearlySaving !== null);
  return buildRightsizeReport(
    [
      {
        name: 'prod',
        url: 'https://prod.looker.test',
        apiCalls: 17,
        usage: 'system_activity',
        usageAsOf: '2026-11-22',
        error: null,
        usageNote: null,
        recommendations: [...recommendations],
        totals: {
          reclaim,
          downgrade: recommendations.length - reclaim,
          yearlySaving: priced ? recommendations.reduce((sum, r) => sum + (r.yearlySaving ?? 0), 0) : null,
        },
      },
    ],
    { generatedAt: new Date('2026-11-23T08:00:00Z'), rules: 'torii', usageDays: 90, currency: 'USD' },
  );
}
