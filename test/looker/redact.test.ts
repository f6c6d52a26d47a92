/** One redactor for every server text: each form an echo may carry a secret in. */
import { describe, expect, it } from '@jest/globals';
import { apiErrorFromResponse, networkError } from '../../src/looker/errors.js';
import { createSecretSet, displayProxy, proxyCredentials } from '../../src/looker/redact.js';

const SECRET = 'Se"cr+et &/=x';

describe('createSecretSet', () => {
  it.each([
    ['raw', SECRET],
    ['encodeURIComponent', encodeURIComponent(SECRET)],
    ['a form body', new URLSearchParams({ s: SECRET }).toString().slice(2)],
    ['a JSON string', JSON.stringify(SECRET).slice(1, -1)],
  ])('removes the secret %s', (_form, echoed) => {
    const { redact } = createSecretSet([SECRET]);
    expect(redact(`before ${echoed} after`)).toBe('before <redacted> after');
  });

  it('covers values added later (each new token) and ignores empty ones', () => {
    const set = createSecretSet([undefined, '']);
    expect(set.redact('nothing to hide')).toBe('nothing to hide');
    set.add('tok-123');
    expect(set.redact('token tok-123, again tok-123')).toBe('token <redacted>, again <redacted>');
  });

  it('proxy credentials are secrets, decoded and as written; the proxy is shown without them', () => {
    expect(proxyCredentials('http://ann:p%40ss@proxy.corp:3128')).toEqual([
      'ann',
      'p%40ss',
      'p@ss',
      Buffer.from('ann:p@ss').toString('base64'),
    ]);
    expect(proxyCredentials(undefined)).toEqual([]);
    expect(displayProxy('http://ann:p%40ss@proxy.corp:3128')).toBe('http://proxy.corp:3128');
  });
});

describe('errors built from server text are redacted and made one safe line', () => {
  const { redact } = createSecretSet([SECRET, 'tok-123']);

  it("Looker's message and documentation_url", () => {
    const body = JSON.stringify({
      message: `bad: ${SECRET}\n\u001b[31mtok-123\u202e`,
      documentation_url: `https://x/?t=tok-123`,
    });
    const error = apiErrorFromResponse('GET', '/api/4.0/users', 400, body, { redact });
    expect(error.message).toBe(
      'GET /api/4.0/users -> 400, unexpected response: Looker says "bad: <redacted> <redacted>"',
    );
    expect(error.lookerMessage).not.toContain('tok-123');
    expect(error.documentationUrl).toBe('https://x/?t=<redacted>');
  });

  it("a redirect's Location", () => {
    const error = apiErrorFromResponse('GET', '/api/4.0/users', 302, '', {
      redact,
      location: 'https://sso/tok-123/x?q=1',
    });
    expect(error.message).toMatch(/redirected to https:\/\/sso\/<redacted>\/x \(not followed/);
  });

  it("a network error's cause keeps only a redacted message and the code", () => {
    const failure = Object.assign(new Error(`connect via http://ann:${SECRET}@proxy failed`), { code: 'ECONNRESET' });
    const error = networkError('GET', '/api/4.0/users', failure, { redact, retries: 1 });
    expect(error.message).toBe('GET /api/4.0/users: connection reset (after 1 retry)');
    expect((error.cause as Error).message).toBe('connect via http://ann:<redacted>@proxy failed');
  });
});
