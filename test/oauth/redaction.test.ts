import { describe, expect, it } from '@jest/globals';
import { createSecretSet, REDACTED } from '../../src/looker/redact.js';
import { oauthSecrets, redactedAuthorization } from '../../src/oauth/redaction.js';
import { KNOWN_OAUTH_SECRETS as S, oauthLeaks } from '../helpers/oauth-secrets.js';

describe('oauthSecrets', () => {
  it('lists the tokens, the code and the verifier, leaving out what is absent', () => {
    expect(
      oauthSecrets({
        tokens: { access: { value: S.accessToken, expiresAt: 0 }, refreshToken: S.refreshToken },
        code: S.code,
        verifier: S.verifier,
      }),
    ).toEqual([S.accessToken, S.refreshToken, S.code, S.verifier]);
    expect(oauthSecrets({ tokens: { access: { value: 'a', expiresAt: 0 }, refreshToken: null } })).toEqual(['a']);
    expect(oauthSecrets({ code: '' })).toEqual([]);
  });

  it("lets the client's redactor remove every one of them, in every form an echo may carry", () => {
    const secrets = createSecretSet(
      oauthSecrets({
        tokens: { access: { value: S.accessToken, expiresAt: 0 }, refreshToken: S.refreshToken },
        code: S.code,
        verifier: S.verifier,
      }),
    );
    const echoes = [
      `Authorization: Bearer ${S.accessToken}`,
      JSON.stringify({ grant_type: 'refresh_token', refresh_token: S.refreshToken }),
      new URLSearchParams({ code: S.code, code_verifier: S.verifier }).toString(),
      `GET /callback?code=${encodeURIComponent(S.code)}&state=abc`,
      JSON.stringify({ message: `bad token ${S.accessToken}, ${S.refreshToken}` }),
    ];
    for (const echo of echoes) {
      expect(oauthLeaks(echo).length).toBeGreaterThan(0);
      const redacted = secrets.redact(echo);
      expect(oauthLeaks(redacted)).toEqual([]);
      expect(redacted).toContain(REDACTED);
    }
    // The state is not a secret: the /auth URL printed for the person keeps it.
    expect(secrets.redact('state=abc')).toBe('state=abc');
  });

  it('covers a rotated refresh token added later to the same set', () => {
    const secrets = createSecretSet(
      oauthSecrets({ tokens: { access: { value: 'first-access', expiresAt: 0 }, refreshToken: 'first-refresh' } }),
    );
    for (const value of oauthSecrets({
      tokens: { access: { value: S.accessToken, expiresAt: 0 }, refreshToken: S.refreshToken },
    }))
      secrets.add(value);
    expect(oauthLeaks(secrets.redact(`${S.accessToken} ${S.refreshToken}`))).toEqual([]);
    expect(secrets.redact('first-refresh')).toBe(REDACTED);
  });
});

describe('redactedAuthorization', () => {
  it.each([
    [`Bearer ${S.accessToken}`, 'Bearer <redacted>'],
    ['token abc123', 'token <redacted>'],
    ['bearer   x', 'bearer <redacted>'],
    [S.accessToken, '<redacted>'],
    ['', '<redacted>'],
  ])('shows %j as %j', (header, shown) => {
    expect(redactedAuthorization(header)).toBe(shown);
    expect(oauthLeaks(redactedAuthorization(header))).toEqual([]);
  });
});

describe('oauthLeaks (the check other tests rely on)', () => {
  it('finds a secret in each form, and nothing in clean text', () => {
    expect(oauthLeaks(`x ${S.accessToken} y`)).toEqual(['accessToken']);
    expect(oauthLeaks(encodeURIComponent(S.code))).toEqual(['code']);
    expect(oauthLeaks(new URLSearchParams({ r: S.refreshToken }).toString())).toEqual(['refreshToken']);
    expect(oauthLeaks(JSON.stringify({ t: S.refreshToken }))).toEqual(['refreshToken']);
    expect(oauthLeaks('nothing to see')).toEqual([]);
  });
});
