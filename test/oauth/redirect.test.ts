import { describe, expect, it } from '@jest/globals';
import { ExitCode } from '../../src/errors.js';
import { OAuthLoginError, parsePastedRedirect, readRedirect } from '../../src/oauth/redirect.js';

const STATE = 'Zm9vYmFyLXN0YXRl';
const CODE = 'c0de-from-looker_123';
const REDIRECT = 'http://127.0.0.1:7878/callback';

function failureOf(run: () => unknown): OAuthLoginError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthLoginError);
    return error as OAuthLoginError;
  }
  throw new Error('expected an OAuthLoginError');
}

describe('readRedirect', () => {
  it('yields the code of an answer carrying this login’s state', () => {
    expect(readRedirect(new URLSearchParams({ code: CODE, state: STATE }), STATE)).toEqual({ code: CODE });
  });

  it.each([
    ['no state', { code: CODE }],
    ['another state', { code: CODE, state: 'other' }],
    ['an empty state', { code: CODE, state: '' }],
    // The state decides first: an error= that is not ours does not speak for Looker.
    ['an error with another state', { error: 'access_denied', state: 'other' }],
  ])('refuses %s as wrong-state, never quoting the code', (_name, params) => {
    const failure = failureOf(() => readRedirect(new URLSearchParams(params), STATE));
    expect(failure.failure).toBe('wrong-state');
    expect(failure.exitCode).toBe(ExitCode.account);
    expect(failure.message).not.toContain(CODE);
  });

  it("reports Looker's refusal with its error code and a one-line, capped description", () => {
    const failure = failureOf(() =>
      readRedirect(
        new URLSearchParams({
          error: 'access_denied',
          error_description: `not in the\u202Eapp's group\r\n${'x'.repeat(500)}`,
          state: STATE,
        }),
        STATE,
      ),
    );
    expect(failure.failure).toBe('refused');
    expect(failure.message.startsWith("Looker refused the login (access_denied: not in theapp's group x")).toBe(true);
    expect(failure.message.length).toBeLessThan(260);
    expect(failure.message).not.toMatch(/[\r\n\u202E]/);
  });

  it('does not print an error code that is not one', () => {
    const failure = failureOf(() => readRedirect(new URLSearchParams({ error: 'bad"\u001b[2J', state: STATE }), STATE));
    expect(failure.message).toBe('Looker refused the login (an unreadable error)');
  });

  it.each([
    ['no code', {}],
    ['an empty code', { code: '' }],
    ['a code with a space', { code: 'a b' }],
    ['an overlong code', { code: 'a'.repeat(2049) }],
  ])('refuses %s as no-code', (_name, params) => {
    expect(failureOf(() => readRedirect(new URLSearchParams({ ...params, state: STATE }), STATE)).failure).toBe(
      'no-code',
    );
  });
});

describe('parsePastedRedirect (the paste fallback)', () => {
  const pasted = `${REDIRECT}?code=${CODE}&state=${STATE}`;

  it('reads the address from the browser bar, surrounding blanks and a trailing newline included', () => {
    expect(parsePastedRedirect(`  ${pasted}\n`, REDIRECT, STATE)).toEqual({ code: CODE });
    // Parameters in any order, and a localhost redirect as registered.
    const local = 'http://localhost:8000/callback';
    expect(parsePastedRedirect(`${local}?state=${STATE}&code=${CODE}`, local, STATE)).toEqual({ code: CODE });
  });

  it.each([
    ['nothing', '   ', 'nothing was pasted'],
    ['a bare code', CODE, 'that is not an address'],
    ['two addresses', `${pasted} ${pasted}`, 'that is not one address'],
    ['another port', pasted.replace('7878', '7879'), 'that is not the address Looker sent the browser back to'],
    ['another path', pasted.replace('/callback', '/auth'), 'that is not the address Looker sent the browser back to'],
    ['the Looker page', `https://acme.cloud.looker.com/auth?state=${STATE}&code=${CODE}`, 'not the address'],
    ['a huge paste', `${pasted}&pad=${'x'.repeat(9000)}`, 'that is not one address'],
  ])('refuses %s, saying what to paste and never quoting the paste', (_name, text, reason) => {
    const failure = failureOf(() => parsePastedRedirect(text, REDIRECT, STATE));
    expect(failure.failure).toBe('not-the-redirect');
    expect(failure.message).toContain(reason);
    expect(failure.message).toContain(`starting with ${REDIRECT}?`);
    expect(failure.message).not.toContain(CODE);
  });

  it('checks the state of a pasted address as the listener does', () => {
    expect(failureOf(() => parsePastedRedirect(`${REDIRECT}?code=${CODE}&state=old`, REDIRECT, STATE)).failure).toBe(
      'wrong-state',
    );
    expect(
      failureOf(() => parsePastedRedirect(`${REDIRECT}?error=access_denied&state=${STATE}`, REDIRECT, STATE)).failure,
    ).toBe('refused');
  });
});
