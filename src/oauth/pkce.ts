/**
 * PKCE (RFC 7636) and the `state` of one login. Looker's OAuth has no client secret: the proof that the code is
 * redeemed by the program that asked for it is the verifier, which never leaves this process until the token
 * request, while only its S256 challenge travels through the browser.
 *
 * - verifier: 32 random bytes as base64url without padding = 43 characters, the shortest RFC 7636 allows
 *   (RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]) and the length looker-cli sends. Looker's own
 *   TypeScript SDK notes that the verifier's length must not be a power of two, or Looker may read it as hex
 *   (sdk-codegen packages/sdk-rtl/src/oauthSession.ts, createAuthCodeRequestUrl): 43 is not.
 * - challenge: base64url(SHA-256(ASCII(verifier))), without padding (RFC 7636 §4.2, method S256).
 * - state: 32 more random bytes, fresh per login, compared in constant time when the redirect comes back
 *   (RFC 6749 §10.12: it binds the redirect to this login, so a forged redirect cannot plant a code).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: 'S256';
}

/** The random source (tests inject RFC 7636's example octets). */
export type RandomBytes = (size: number) => Buffer;

const VERIFIER_BYTES = 32;
const STATE_BYTES = 32;
/** RFC 7636 §4.1: code_verifier = 43*128unreserved. */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(random: RandomBytes = randomBytes): Pkce {
  const verifier = random(VERIFIER_BYTES).toString('base64url');
  return { verifier, challenge: s256Challenge(verifier), method: 'S256' };
}

export function createState(random: RandomBytes = randomBytes): string {
  return random(STATE_BYTES).toString('base64url');
}

/** The state that came back is the one sent, compared in time that does not depend on where they differ. */
export function sameState(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
