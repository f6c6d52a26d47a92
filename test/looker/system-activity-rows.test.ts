/** The one narrowing of System Activity rows: both value forms accepted, a missing field unknown, nonsense refused. */
import { describe, expect, it } from '@jest/globals';
import {
  countOf,
  dateOf,
  narrowHistory,
  narrowUserFacts,
  readRows,
  SystemActivityRowError,
  userIdOf,
  yesNoOf,
} from '../../src/looker/system-activity-rows.js';

describe('System Activity rows', () => {
  it('user.id: a number here, a string elsewhere; both compare as strings', () => {
    expect(userIdOf({ 'user.id': 3 })).toBe('3');
    expect(userIdOf({ 'user.id': '3' })).toBe('3');
    expect(userIdOf({ 'user.id': null })).toBeNull();
    expect(() => userIdOf({ 'user.id': { id: 3 } })).toThrow(SystemActivityRowError);
    expect(() => userIdOf({ 'user.id': 3.5 })).toThrow(SystemActivityRowError);
  });

  it('yes/no are "Yes"/"No" (booleans accepted)', () => {
    expect(yesNoOf({ f: 'Yes' }, 'f')).toBe(true);
    expect(yesNoOf({ f: 'No' }, 'f')).toBe(false);
    expect(yesNoOf({ f: false }, 'f')).toBe(false);
    expect(yesNoOf({}, 'f')).toBeUndefined();
    expect(() => yesNoOf({ f: 'maybe' }, 'f')).toThrow(SystemActivityRowError);
  });

  it('dates are YYYY-MM-DD; a _time or ISO value is cut to its date; an impossible date is refused', () => {
    expect(dateOf({ d: '2026-11-02' }, 'd')).toBe('2026-11-02');
    expect(dateOf({ d: '2026-11-02 09:15:00' }, 'd')).toBe('2026-11-02');
    expect(dateOf({ d: '2026-11-02T09:15:00Z' }, 'd')).toBe('2026-11-02');
    expect(dateOf({ d: null }, 'd')).toBeNull();
    expect(dateOf({}, 'd')).toBeUndefined();
    expect(() => dateOf({ d: '2026-02-31' }, 'd')).toThrow(SystemActivityRowError);
    expect(() => dateOf({ d: 20261102 }, 'd')).toThrow(SystemActivityRowError);
  });

  it('counts: numbers or numeric strings; a missing field is unknown, not zero', () => {
    expect(countOf({ c: 2 }, 'c')).toBe(2);
    expect(countOf({ c: '2' }, 'c')).toBe(2);
    expect(countOf({ c: null }, 'c')).toBe(0);
    expect(countOf({}, 'c')).toBeUndefined();
    expect(() => countOf({ c: 'lots' }, 'c')).toThrow(SystemActivityRowError);
    expect(() => countOf({ c: -1 }, 'c')).toThrow(SystemActivityRowError);
  });

  it('a history row without workspace_id has it unknown; without a user it is dropped', () => {
    const row = { 'user.id': 7, 'history.source': 'Explore', 'history.query_run_count': '4' };
    expect(narrowHistory(row)).toEqual({
      userId: '7',
      source: 'Explore',
      workspace: undefined,
      queryRunCount: 4,
      mostRecentQueryDate: null,
    });
    expect(narrowHistory({ ...row, 'user.id': null })).toBeNull();
    expect(() => narrowHistory({ 'user.id': 7 })).toThrow(/query_run_count is missing/);
    expect(narrowUserFacts({ 'user.id': 7, 'user_facts.last_api_login_date': null })).toEqual({
      userId: '7',
      lastUiLoginDate: undefined,
      lastApiLoginDate: null,
    });
  });

  it('a result must be an array of objects without looker_error', () => {
    expect(readRows([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(() => readRows({ rows: [] })).toThrow(/not a JSON array/);
    expect(() => readRows([1])).toThrow(/not an object/);
    expect(() => readRows([{ looker_error: 'boom' }])).toThrow(/the query failed in Looker: boom/);
  });
});
