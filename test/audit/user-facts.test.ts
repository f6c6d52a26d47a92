/** Timestamps: the sliced fast path must give exactly what Date.parse + toISOString give. */
import { describe, expect, it } from '@jest/globals';
import { isoTime, lastLoginAt } from '../../src/audit/user-facts.js';

const slow = (text: string): string | null => {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
};

describe('isoTime', () => {
  it('agrees with Date.parse on the shapes Looker sends and on the ones that roll over or fail', () => {
    const samples = [
      '2019-10-18T17:44:21.000+00:00',
      '2019-10-18T17:44:21+00:00',
      '2019-10-18T17:44:21Z',
      '2019-10-18T17:44:21.123Z',
      '2026-04-31T00:00:00.000Z', // rolls over to May 1st
      '2026-02-29T12:00:00+00:00', // 2026 is not a leap year
      '2024-02-29T12:00:00+00:00',
      '2026-01-01T24:00:00.000Z', // rolls over to the next day
      '2026-13-01T00:00:00.000Z', // invalid
      '2026-01-01T10:00:00.000+02:00', // another offset: converted
      '2026-01-01 10:00:00',
      '0000-01-01T00:00:00Z',
      'not a date',
      '',
    ];
    for (const text of samples) expect([text, isoTime(text)]).toEqual([text, slow(text)]);
  });

  it("agrees with Date.parse on 2,000 random instants in both of Looker's spellings", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 1000; i++) {
      const iso = new Date(Math.floor(next() * 4e12)).toISOString();
      const looker = iso.replace(/Z$/, '+00:00');
      expect(isoTime(iso)).toBe(slow(iso));
      expect(isoTime(looker)).toBe(slow(looker));
    }
  });

  it('is null for null', () => {
    expect(isoTime(null)).toBeNull();
  });
});

describe('lastLoginAt', () => {
  it('takes the latest instant whatever the spelling, and skips what does not parse', () => {
    expect(lastLoginAt(['2026-01-02T00:00:00+00:00', '2026-01-01T23:00:00.000-02:00', 'garbage'])).toBe(
      '2026-01-02T01:00:00.000Z',
    );
    expect(lastLoginAt(['garbage'])).toBeNull();
    expect(lastLoginAt([])).toBeNull();
  });

  it('orders six-digit and negative years by instant, not by text', () => {
    expect(lastLoginAt(['+010000-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z'])).toBe('+010000-01-01T00:00:00.000Z');
    expect(lastLoginAt(['+010000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z'])).toBe(
      '+010000-01-01T00:00:00.000Z',
    );
    expect(lastLoginAt(['-000001-01-01T00:00:00.000Z', '-000002-01-01T00:00:00.000Z'])).toBe(
      '-000001-01-01T00:00:00.000Z',
    );
  });
});
