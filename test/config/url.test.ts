import { describe, expect, it } from '@jest/globals';
import { isLoopbackHost, normaliseLookerUrl } from '../../src/config/url.js';

describe('normaliseLookerUrl', () => {
  it.each([
    ['https://acme.cloud.looker.com', 'https://acme.cloud.looker.com'],
    ['https://acme.cloud.looker.com/', 'https://acme.cloud.looker.com'],
    ['https://acme.cloud.looker.com:19999', 'https://acme.cloud.looker.com:19999'],
    ['https://acme.cloud.looker.com:19999/api/4.0', 'https://acme.cloud.looker.com:19999'],
    ['https://acme.cloud.looker.com/api/4.0/', 'https://acme.cloud.looker.com'],
    ['  HTTPS://ACME.Cloud.Looker.com:443/  ', 'https://acme.cloud.looker.com'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.1.2.3/api/4.0', 'http://127.1.2.3'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:9000/', 'http://[::1]:9000'],
  ])('%s -> %s', (input, url) => {
    expect(normaliseLookerUrl(input)).toEqual({ url });
  });

  it.each([
    ['a path', 'https://acme.looker.com/looker', /without a path/],
    ['an API 3 path', 'https://acme.looker.com/api/3.1', /API 4\.0/],
    ['a query string', 'https://acme.looker.com/?x=1', /query/],
    ['an empty query', 'https://acme.looker.com?', /query/],
    ['a fragment', 'https://acme.looker.com/#top', /fragment/],
    ['no scheme', 'acme.looker.com:19999', /https:\/\//],
    ['another scheme', 'ftp://acme.looker.com', /https/],
    ['garbage', 'not a url', /https URL/],
    ['empty', '', /https URL/],
    ['http to a remote host', 'http://acme.looker.com', /allow_insecure_http/],
    ['http to a private but non-loopback address', 'http://10.0.0.5', /allow_insecure_http/],
  ])('refuses %s', (_name, input, message) => {
    const result = normaliseLookerUrl(input);
    expect(result).toHaveProperty('problem');
    expect('problem' in result && result.problem).toMatch(message);
  });

  it.each([
    'https://admin:hunter2-PLANTED@acme.looker.com',
    'https://hunter2-PLANTED@acme.looker.com',
    'https://:hunter2-PLANTED@acme.looker.com',
  ])('refuses userinfo without echoing it: %s', (input) => {
    const result = normaliseLookerUrl(input);
    expect('problem' in result && result.problem).toMatch(/user name or password/);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('accepts http to a remote host only with allowInsecureHttp', () => {
    expect(normaliseLookerUrl('http://looker.internal:9999/', { allowInsecureHttp: true })).toEqual({
      url: 'http://looker.internal:9999',
    });
  });

  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['127.example.com', false],
  ])('isLoopbackHost(%s) = %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
