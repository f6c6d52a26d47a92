/** The pure parts of looker/transport.ts: which proxy a URL gets (as curl and npm read the variables), and decoding. */
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { ResponseTooLargeError } from '../../src/looker/errors.js';
import { bypassesProxy, chooseProxy, decodeBody, proxyProblem } from '../../src/looker/transport.js';

const looker = new URL('https://acme.cloud.looker.com');
const P = 'http://proxy.corp:3128';

describe('chooseProxy', () => {
  it.each<[string, NodeJS.ProcessEnv, string | undefined, string | undefined]>([
    ['HTTPS_PROXY for an https URL', { HTTPS_PROXY: P }, undefined, P],
    ['the lower-case variable first', { https_proxy: P, HTTPS_PROXY: 'http://other:1' }, undefined, P],
    ['HTTP_PROXY when no HTTPS_PROXY is set (as npm)', { HTTP_PROXY: P }, undefined, P],
    ['an empty variable is unset', { HTTPS_PROXY: '', HTTP_PROXY: P }, undefined, P],
    ['a proxy without a scheme is http', { HTTPS_PROXY: 'proxy.corp:3128' }, undefined, P],
    ['nothing set: direct', {}, undefined, undefined],
    ["the account's proxy wins over the environment", { HTTPS_PROXY: 'http://other:1' }, P, P],
    ["the account's proxy wins over NO_PROXY", { NO_PROXY: '*' }, P, P],
    ['proxy: none is direct whatever the environment says', { HTTPS_PROXY: P }, 'none', undefined],
  ])('%s', (_name, env, accountProxy, expected) => {
    expect(chooseProxy(looker, accountProxy, env)?.url).toBe(expected);
  });

  it('an http URL does not use HTTPS_PROXY', () => {
    expect(chooseProxy(new URL('http://looker.lan'), undefined, { HTTPS_PROXY: P })).toBeUndefined();
    expect(chooseProxy(new URL('http://looker.lan'), undefined, { http_proxy: P })?.url).toBe(P);
  });

  it.each(['http://127.0.0.1:9999', 'http://localhost:9999', 'http://[::1]:9999'])(
    'loopback %s never takes a proxy from the environment',
    (url) => expect(chooseProxy(new URL(url), undefined, { HTTP_PROXY: P, HTTPS_PROXY: P })).toBeUndefined(),
  );

  it('names the variable a proxy came from, for messages that must not quote it', () => {
    expect(chooseProxy(looker, undefined, { https_proxy: P })?.source).toBe('https_proxy');
    expect(proxyProblem({ url: 'ftp://u:pw@proxy:21', source: 'HTTPS_PROXY' })).toBe(
      'HTTPS_PROXY: only http:// and https:// proxies are supported (not ftp)',
    );
    expect(proxyProblem({ url: 'http://u:%zz@proxy:3128', source: 'HTTPS_PROXY' })).toBe(
      "HTTPS_PROXY: the proxy URL's user name or password has a malformed %-escape",
    );
    expect(proxyProblem({ url: 'http://[bad', source: 'HTTPS_PROXY' })).toBe(
      'HTTPS_PROXY is not a valid proxy URL (expected http://host:port)',
    );
  });
});

describe('bypassesProxy (NO_PROXY)', () => {
  it.each<[string, string, boolean]>([
    ['*', 'https://acme.cloud.looker.com', true],
    ['acme.cloud.looker.com', 'https://acme.cloud.looker.com', true],
    ['looker.com', 'https://acme.cloud.looker.com', true],
    ['.looker.com', 'https://acme.cloud.looker.com', true],
    ['*.looker.com', 'https://acme.cloud.looker.com', true],
    ['ker.com', 'https://acme.cloud.looker.com', false],
    ['other.com, looker.com', 'https://acme.cloud.looker.com', true],
    ['other.com looker.com', 'https://acme.cloud.looker.com', true],
    ['looker.com:443', 'https://acme.cloud.looker.com', true],
    ['looker.com:19999', 'https://acme.cloud.looker.com', false],
    ['looker.com:19999', 'https://acme.cloud.looker.com:19999', true],
    ['ACME.Cloud.Looker.com', 'https://acme.cloud.looker.com', true],
    ['', 'https://acme.cloud.looker.com', false],
  ])('NO_PROXY=%p for %s: %p', (list, url, expected) => {
    expect(bypassesProxy(new URL(url), { NO_PROXY: list })).toBe(expected);
  });

  it('no_proxy (lower case) is read first', () => {
    expect(bypassesProxy(looker, { no_proxy: 'looker.com', NO_PROXY: 'other.com' })).toBe(true);
  });
});

describe('decodeBody', () => {
  const json = JSON.stringify([{ id: '1' }]);
  const MB = 1024 * 1024;
  it.each<[string, Buffer]>([
    ['', Buffer.from(json)],
    ['identity', Buffer.from(json)],
    ['gzip', gzipSync(json)],
    ['deflate', deflateSync(json)],
    ['deflate', deflateRawSync(json)],
    ['br', brotliCompressSync(json)],
  ])('content-encoding %p', async (encoding, raw) => {
    await expect(decodeBody(raw, encoding, MB)).resolves.toBe(json);
  });

  it('stops a body that expands past the limit (a bomb) and one that is over it as it came', async () => {
    const bomb = gzipSync(Buffer.alloc(4 * MB, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(decodeBody(bomb, 'gzip', MB)).rejects.toEqual(new ResponseTooLargeError(true));
    await expect(decodeBody(Buffer.alloc(MB + 1), '', MB)).rejects.toEqual(new ResponseTooLargeError(false));
  });

  it('an unknown or corrupt encoding is an error with its own code', async () => {
    await expect(decodeBody(Buffer.from('x'), 'zstd', MB)).rejects.toMatchObject({
      code: 'ERR_INVALID_CONTENT_ENCODING',
    });
    await expect(decodeBody(Buffer.from('not gzip'), 'gzip', MB)).rejects.toMatchObject({
      code: 'ERR_INVALID_CONTENT_ENCODING',
    });
  });
});
