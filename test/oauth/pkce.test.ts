import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createPkce, createState, s256Challenge, sameState, VERIFIER_PATTERN } from '../../src/oauth/pkce.js';

// RFC 7636 appendix B: the 32 random octets, the verifier they encode to, and its S256 challenge.
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91,
  88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('reproduces RFC 7636 appendix B from its octets (verifier and S256 challenge)', () => {
    const sizes: number[] = [];
    const pkce = createPkce((size) => {
      sizes.push(size);
      return Buffer.from(RFC_OCTETS);
    });
    expect(sizes).toEqual([32]);
    expect(pkce).toEqual({ verifier: RFC_VERIFIER, challenge: RFC_CHALLENGE, method: 'S256' });
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  it('makes a fresh 43-character base64url verifier each time, whose challenge is its SHA-256', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const { verifier, challenge } = createPkce();
      expect(verifier).toMatch(VERIFIER_PATTERN);
      expect(verifier).toHaveLength(43);
      // Not a power of two: Looker's SDK warns that such a length may be read as hex.
      expect(Math.log2(verifier.length) % 1).not.toBe(0);
      expect(verifier).not.toMatch(/=/);
      expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'));
      expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
      seen.add(verifier);
    }
    expect(seen.size).toBe(50);
  });
});

describe('state', () => {
  it('is fresh per login, 256 bits as base64url', () => {
    const states = new Set(Array.from({ length: 50 }, () => createState()));
    expect(states.size).toBe(50);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches only the very same text', () => {
    const state = createState();
    expect(sameState(state, state)).toBe(true);
    expect(sameState(state, `${state}x`)).toBe(false);
    expect(sameState(state, state.slice(0, -1))).toBe(false);
    expect(sameState(state, state.toUpperCase() === state ? state.toLowerCase() : state.toUpperCase())).toBe(false);
    expect(sameState(state, '')).toBe(false);
    expect(sameState(state, null)).toBe(false);
    expect(sameState(state, undefined)).toBe(false);
  });
});
