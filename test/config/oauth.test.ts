import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config/load.js';
import { redirectUriProblem, webUrlProblem } from '../../src/config/oauth.js';
import { validateConfig } from '../../src/config/validate.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';
import { configProblems } from '../helpers/config-problems.js';

const FILE = '/etc/looker/audit.yaml';
const ctx = { file: FILE, env: { HOME: '/home/ann' } };
const oauth = (overrides: Record<string, unknown> = {}) => ({
  name: 'prod',
  url: 'https://acme.cloud.looker.com',
  auth: 'oauth',
  client_id: 'looker-audit',
  ...overrides,
});

const problemsOf = (raw: unknown) => configProblems(raw, ctx);

describe('auth: oauth accounts', () => {
  it('need only client_id: the default loopback redirect, and the API host as the UI host', () => {
    const config = validateConfig({ accounts: [oauth()] }, ctx);
    expect(config.accounts).toEqual([
      {
        name: 'prod',
        url: 'https://acme.cloud.looker.com',
        clientId: 'looker-audit',
        auth: 'oauth',
        redirectUri: 'http://127.0.0.1:7878/callback',
        webUrl: 'https://acme.cloud.looker.com',
        verifyTls: true,
        timeoutMs: 120_000,
        allowInsecureHttp: false,
      },
    ]);
    expect(config.accounts[0]).not.toHaveProperty('secret');
  });

  it('keep redirect_uri exactly as written (Looker matches it character for character) and web_url as an origin', () => {
    const config = validateConfig(
      {
        accounts: [
          oauth({
            redirect_uri: ' http://127.0.0.1:7777 ',
            url: 'https://acme.looker.com:19999',
            web_url: 'https://acme.looker.com/',
          }),
          oauth({ name: 'lkr-style', redirect_uri: 'http://localhost:8000/callback' }),
          oauth({ name: 'v6', redirect_uri: 'http://[::1]:9000/cb' }),
          oauth({ name: 'hosted', redirect_uri: 'https://audit.acme.example/oauth/callback' }),
        ],
      },
      ctx,
    );
    expect(config.accounts.map((a) => (a.auth === 'oauth' ? [a.redirectUri, a.webUrl] : []))).toEqual([
      ['http://127.0.0.1:7777', 'https://acme.looker.com'],
      ['http://localhost:8000/callback', 'https://acme.cloud.looker.com'],
      ['http://[::1]:9000/cb', 'https://acme.cloud.looker.com'],
      ['https://audit.acme.example/oauth/callback', 'https://acme.cloud.looker.com'],
    ]);
  });

  it('refuse a client secret in any form, each at its path, all problems at once', () => {
    expect(
      problemsOf({
        accounts: [
          oauth({ client_secret: 'abc', client_secret_env: 'X' }),
          oauth({ name: 'second', client_secret_file: '/s', redirect_uri: 'http://10.0.0.5:7878/cb' }),
        ],
      }),
    ).toEqual([
      'accounts[0].client_secret: not used with auth: oauth (OAuth has no client secret): remove it',
      'accounts[0].client_secret_env: not used with auth: oauth (OAuth has no client secret): remove it',
      'accounts[1].client_secret_file: not used with auth: oauth (OAuth has no client secret): remove it',
      'accounts[1].redirect_uri: http:// is accepted only on this machine (127.0.0.1, [::1] or localhost), where the login listens; otherwise use https:// (e.g. http://127.0.0.1:7878/callback)',
    ]);
  });

  it('name an unknown auth kind, and keep the API3 rules for everyone else', () => {
    expect(problemsOf({ accounts: [oauth({ auth: 'saml' })] })).toEqual([
      'accounts[0]: one of client_secret, client_secret_env, client_secret_file is required',
      'accounts[0].auth: must be api3 or oauth',
    ]);
    expect(
      problemsOf({
        accounts: [
          {
            name: 'a',
            url: 'https://a.looker.com',
            client_id: 'x',
            client_secret_env: 'S',
            redirect_uri: 'http://127.0.0.1:7878/callback',
          },
          { name: 'b', url: 'https://b.looker.com', auth: 'api3', client_id: 'x', web_url: 'https://b.looker.com' },
        ],
      }),
    ).toEqual([
      'accounts[0].redirect_uri: is used only with auth: oauth',
      'accounts[1]: one of client_secret, client_secret_env, client_secret_file is required',
      'accounts[1].web_url: is used only with auth: oauth',
    ]);
  });

  it('accept auth: api3 as the default it is', () => {
    const config = validateConfig(
      { accounts: [{ name: 'a', url: 'https://a.looker.com', auth: 'api3', client_id: 'x', client_secret_env: 'S' }] },
      ctx,
    );
    expect(config.accounts[0]).toMatchObject({ secret: { kind: 'env', name: 'S' } });
    expect(config.accounts[0]?.auth).toBeUndefined();
  });

  it('suggest the key for a near miss', () => {
    expect(problemsOf({ accounts: [oauth({ redirect_url: 'http://127.0.0.1:7878/callback' })] })).toEqual([
      'accounts[0].redirect_url: unknown key (did you mean "redirect_uri"?)',
    ]);
  });

  it('warn that tokens would cross plain http on a non-loopback API host', () => {
    const config = validateConfig(
      { accounts: [oauth({ url: 'http://looker.intranet:9999', allow_insecure_http: true })] },
      ctx,
    );
    expect(config.warnings).toEqual([
      'account "prod": OAuth tokens will be sent over plain http (allow_insecure_http: true)',
    ]);
  });
});

describe('redirectUriProblem', () => {
  it.each([
    'http://127.0.0.1:7878/callback',
    'http://127.0.0.1:7777',
    'http://localhost:8000/callback',
    'http://[::1]:9000/cb',
    'http://127.0.0.1:80/cb',
    'https://audit.acme.example/cb',
    'https://audit.acme.example',
  ])('accepts %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeNull();
  });

  it.each([
    ['not-a-url', 'must be a URL'],
    ['ftp://127.0.0.1:21/cb', 'must be an http:// loopback or an https:// URL'],
    ['http://127.0.0.1/callback', 'must name the port the login listens on'],
    ['http://localhost/callback', 'must name the port the login listens on'],
    ['http://127.0.0.1:0/callback', 'must name the port the login listens on'],
    ['http://acme.example:7878/cb', 'http:// is accepted only on this machine'],
    ['http://127.0.0.1:7878/cb?token=SECRET123', 'must not have a query string'],
    ['http://127.0.0.1:7878/cb#SECRET123', 'must not have a fragment'],
    ['https://user:SECRET123@audit.acme.example/cb', 'must not contain a user name or password'],
  ])('refuses %s without quoting it', (uri, message) => {
    const problem = redirectUriProblem(uri);
    expect(problem).toContain(message);
    expect(problem).not.toContain('SECRET123');
  });
});

describe('webUrlProblem', () => {
  it.each([
    ['https://acme.cloud.looker.com', false, null],
    ['https://acme.cloud.looker.com/', false, null],
    ['http://127.0.0.1:9999', false, null],
    ['http://looker.intranet', true, null],
    ['http://looker.intranet', false, 'must be an https URL: http:// is accepted only for loopback hosts'],
    ['https://acme.cloud.looker.com/browse', false, 'must be the Looker UI host only, without a path'],
    ['https://acme.cloud.looker.com/?x=1', false, 'must be the Looker UI host only, without a path'],
    ['acme.cloud.looker.com', false, 'must be an https URL'],
    ['https://u:SECRET123@acme.cloud.looker.com', false, 'must not contain a user name or password'],
  ])('%s (allow_insecure_http %s): %s', (url, insecure, message) => {
    const problem = webUrlProblem(url, insecure);
    if (message === null) expect(problem).toBeNull();
    else expect(problem).toContain(message);
    expect(problem ?? '').not.toContain('SECRET123');
  });
});

describe('a YAML config file with an oauth account', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await createWorkspace();
  });
  afterAll(() => ws.remove());

  it('loads beside an API3 account, with no warning about secrets', async () => {
    const file = await ws.write(
      'looker-audit.yaml',
      [
        'accounts:',
        '  - name: me',
        '    url: https://acme.cloud.looker.com',
        '    auth: oauth',
        '    client_id: looker-audit',
        '  - name: ci',
        '    url: https://acme.cloud.looker.com',
        '    client_id: AbC',
        '    client_secret_env: LOOKER_CI_SECRET',
        '',
      ].join('\n'),
    );
    const config = await loadConfig({ explicit: file, env: {}, cwd: ws.dir, home: ws.dir });
    expect(config.accounts.map((a) => [a.name, a.auth ?? 'api3'])).toEqual([
      ['me', 'oauth'],
      ['ci', 'api3'],
    ]);
    expect(config.warnings).toEqual([]);
  });
});
