import { describe, expect, it } from '@jest/globals';
import { seatHistory } from '../../src/audit/history.js';
import type { SnapshotDocument } from '../../src/snapshot/types.js';
import { syntheticReport } from '../report/html-fixture.js';

const seats = (developer: number) => ({ developer, standard: 1, viewer: 2, none: 0 });
const snapshot = (at: string, accounts: SnapshotDocument['accounts']): SnapshotDocument => ({
  schema_version: 1,
  generated_at: at,
  rules: 'torii',
  accounts,
});
const account = (name: string, summary: ReturnType<typeof seats> | null, error?: string) => ({
  name,
  url: `https://${name}.example`,
  api_calls: 5,
  ...(error === undefined ? {} : { error }),
  summary,
  users: [],
});

describe('seatHistory', () => {
  const report = syntheticReport({ prod: 3, staging: 2 });

  it("one point per earlier snapshot and account, under the current account's name, oldest first", () => {
    const points = seatHistory(
      [
        snapshot('2026-10-01T00:00:00.000Z', [account('PROD', seats(4)), account('staging', seats(1))]),
        snapshot('2026-09-01T00:00:00.000Z', [account('prod', seats(5))]),
      ],
      report,
    );
    expect(points).toEqual([
      { at: '2026-09-01T00:00:00.000Z', account: 'prod', seats: seats(5) },
      { at: '2026-10-01T00:00:00.000Z', account: 'prod', seats: seats(4) },
      { at: '2026-10-01T00:00:00.000Z', account: 'staging', seats: seats(1) },
    ]);
  });

  it('a gap, never a zero, where an account failed or is no longer configured', () => {
    const points = seatHistory(
      [
        snapshot('2026-10-01T00:00:00.000Z', [
          account('prod', null, 'login refused'),
          account('staging', seats(1), 'login refused'),
          account('gone', seats(9)),
        ]),
      ],
      report,
    );
    expect(points).toEqual([]);
  });
});
