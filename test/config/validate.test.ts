import { describe, expect, it } from '@jest/globals';
import { validateConfig } from '../../src/config/validate.js';
import { ConfigError } from '../../src/errors.js';
import { configProblems } from '../helpers/config-problems.js';

const FILE = '/etc/looker/audit.yaml';
const ctx = { file: FILE, env: { HOME: '/home/ann' } };

// Each named account on an instance of its own: one instance configured twice is a problem of its own.
const hostOf = (name: unknown) => (name === undefined ? 'acme' : String(name).replace(/[^A-Za-z0-9]+/g, '-'));
const account = (overrides: Record<string, unknown> = {}) => ({
  name: 'production',
  url: `https://${hostOf(overrides.name)}.cloud.looker.com`,
  client_id: 'AbCdEf123',
  client_secret_env: 'LOOKER_PROD_CLIENT_SECRET',
  ...overrides,
});

const problemsOf = (raw: unknown) => configProblems(raw, ctx);

describe('validateConfig: the README example', () => {
  it('produces the AuditConfig, with defaults and normalised values', () => {
    const config = validateConfig(
      {
        accounts: [
          account({ url: 'https://acme.cloud.looker.com:19999/api/4.0/' }),
          {
            name: 'staging',
            url: 'https://acme-staging.cloud.looker.com',
            client_id: 'XyZ987',
            client_secret_file: 'secrets/staging',
            ca_file: '~/ca.pem',
            timeout: 30,
          },
          { name: 'lab', url: 'http://127.0.0.1:9999', client_id: 'l', client_secret: 'lab-literal' },
        ],
        rules: 'torii',
        inactive_days: 90,
        prices: { developer: 1650, standard: 800, viewer: 400 },
        policy: {
          max_seats: { developer: 5 },
          allowed_developers: [
            'alice@acme.com',
            '*@partner-agency.com',
            { email: 'bob@acme.com', expires: '2026-12-31' },
          ],
          accounts: { production: { max_seats: { developer: 2, standard: 10 } } },
        },
      },
      ctx,
    );
    expect(config).toEqual({
      file: FILE,
      accounts: [
        {
          name: 'production',
          url: 'https://acme.cloud.looker.com:19999',
          clientId: 'AbCdEf123',
          secret: { kind: 'env', name: 'LOOKER_PROD_CLIENT_SECRET' },
          verifyTls: true,
          timeoutMs: 120_000,
          allowInsecureHttp: false,
        },
        {
          name: 'staging',
          url: 'https://acme-staging.cloud.looker.com',
          clientId: 'XyZ987',
          secret: { kind: 'file', path: '/etc/looker/secrets/staging' },
          verifyTls: true,
          caFile: '/home/ann/ca.pem',
          timeoutMs: 30_000,
          allowInsecureHttp: false,
        },
        {
          name: 'lab',
          url: 'http://127.0.0.1:9999',
          clientId: 'l',
          secret: { kind: 'literal', value: 'lab-literal' },
          verifyTls: true,
          timeoutMs: 120_000,
          allowInsecureHttp: false,
        },
      ],
      rules: 'torii',
      inactiveDays: 90,
      prices: { developer: 1650, standard: 800, viewer: 400 },
      policy: {
        maxSeats: { developer: 5 },
        allowedDevelopers: [
          { pattern: 'alice@acme.com' },
          { pattern: '*@partner-agency.com' },
          { pattern: 'bob@acme.com', expires: '2026-12-31' },
        ],
        accounts: { production: { maxSeats: { developer: 2, standard: 10 } } },
      },
      warnings: [],
    });
  });

  it('resolves a rules path against the config folder and keeps built-in names', () => {
    expect(validateConfig({ accounts: [account()], rules: './my-rules.yaml' }, ctx).rules).toBe(
      '/etc/looker/my-rules.yaml',
    );
    expect(validateConfig({ accounts: [account()], rules: 'looker' }, ctx).rules).toBe('looker');
    expect(validateConfig({ accounts: [account()] }, ctx).rules).toBeUndefined();
  });

  it('warns about verify_ssl: false and about plain http to a remote host', () => {
    const config = validateConfig(
      {
        accounts: [
          account({ verify_ssl: false }),
          account({ name: 'dev', url: 'http://looker.lan', allow_insecure_http: true }),
        ],
      },
      ctx,
    );
    expect(config.accounts.map((a) => [a.verifyTls, a.allowInsecureHttp, a.url])).toEqual([
      [false, false, 'https://acme.cloud.looker.com'],
      [true, true, 'http://looker.lan'],
    ]);
    expect(config.warnings).toEqual([
      expect.stringMatching(/"production": TLS certificate verification is off/),
      expect.stringMatching(/"dev": .*plain http/),
    ]);
  });
});

describe('validateConfig: every rule, with its path', () => {
  it.each<[string, unknown, string[]]>([
    [
      'an empty file',
      null,
      ['the file is empty: it needs an `accounts` list (see the Configuration section of the README)'],
    ],
    ['a list at the top', [1], ['must be a mapping with an `accounts` list']],
    ['no accounts key', { rules: 'torii' }, ['accounts: is required']],
    ['an empty accounts list', { accounts: [] }, ['accounts: must list at least one account']],
    [
      'an account that is not a mapping',
      { accounts: ['prod'] },
      ['accounts[0]: must be a mapping with name, url, client_id and a client secret source'],
    ],
    [
      'missing url, client_id and secret',
      { accounts: [{ name: 'p' }] },
      [
        'accounts[0]: one of client_secret, client_secret_env, client_secret_file is required',
        'accounts[0].client_id: is required',
        'accounts[0].url: is required',
      ],
    ],
    ['missing name', { accounts: [account({ name: undefined })] }, ['accounts[0].name: is required']],
    [
      'a name with a comma',
      { accounts: [account({ name: 'a,b' })] },
      ['accounts[0].name: must be a name without commas or surrounding spaces'],
    ],
    [
      'two secret sources',
      { accounts: [account({ client_secret: 'x' })] },
      [
        'accounts[0]: only one of client_secret, client_secret_env, client_secret_file may be set (found client_secret and client_secret_env)',
      ],
    ],
    [
      'a bad env var name',
      { accounts: [account({ client_secret_env: 'MY-VAR' })] },
      ['accounts[0].client_secret_env: must be an environment variable name (letters, digits, _)'],
    ],
    [
      'a numeric client_id',
      { accounts: [account({ client_id: 12345 })] },
      ['accounts[0].client_id: must be a string (quote it in YAML)'],
    ],
    [
      'an http URL',
      { accounts: [account({ url: 'http://acme.looker.com' })] },
      [
        'accounts[0].url: must be an https URL: http:// is accepted only for loopback hosts or with allow_insecure_http: true',
      ],
    ],
    [
      'a URL with a path',
      { accounts: [account({ url: 'https://acme.looker.com/x' })] },
      ['accounts[0].url: must be the API host only, without a path (":19999" and "/api/4.0" are tolerated)'],
    ],
    [
      'verify_ssl as a string',
      { accounts: [account({ verify_ssl: 'yes' })] },
      ['accounts[0].verify_ssl: must be true or false'],
    ],
    [
      'a zero timeout',
      { accounts: [account({ timeout: 0 })] },
      ['accounts[0].timeout: must be a number of seconds > 0'],
    ],
    [
      'duplicate names, case-insensitively',
      { accounts: [account(), account({ name: 'other' }), account({ name: 'Production' })] },
      ['accounts[2]: duplicate account name "Production" (also accounts[0])'],
    ],
    [
      'an unknown rule set',
      { accounts: [account()], rules: 'tori' },
      [
        'rules: must be "torii", "looker", "system-activity" or the path of a .yaml/.json rules file (did you mean "torii"?)',
      ],
    ],
    [
      'inactive_days not whole',
      { accounts: [account()], inactive_days: 1.5 },
      ['inactive_days: must be a whole number of days > 0'],
    ],
    [
      'a negative price and an unknown tier',
      { accounts: [account()], prices: { developer: -1, admin: 3 } },
      ['prices.admin: unknown key', 'prices.developer: must be a number >= 0'],
    ],
    [
      'bad policy entries',
      {
        accounts: [account()],
        policy: {
          max_seats: { developr: 2, viewer: -1 },
          allowed_developers: [
            'alice',
            { email: 'a@b.c', expires: '2025-02-30' },
            { email: 'a@b.c', expires: '31/12/2025' },
            7,
            { email: 'x@y.z', until: '2025-01-01' },
          ],
        },
      },
      [
        'policy.allowed_developers[0]: must be an email or a glob like "*@example.com"',
        'policy.allowed_developers[1].expires: must be a real calendar date YYYY-MM-DD',
        'policy.allowed_developers[2].expires: must be a real calendar date YYYY-MM-DD',
        'policy.allowed_developers[3]: must be an email or a glob like "*@example.com", or { email: <pattern>, expires: YYYY-MM-DD }',
        'policy.allowed_developers[4].until: unknown key',
        'policy.max_seats.developr: unknown key (did you mean "developer"?)',
        'policy.max_seats.viewer: must be a whole number >= 0',
      ],
    ],
    [
      'a policy for an unknown account',
      {
        accounts: [account(), account({ name: 'staging' })],
        policy: { accounts: { stagin: {}, production: { max_seat: {} } } },
      },
      [
        'policy.accounts.production.max_seat: unknown key (did you mean "max_seats"?)',
        'policy.accounts.stagin: no account named "stagin" (did you mean "staging"?)',
      ],
    ],
    [
      'unknown keys, with suggestions',
      { acounts: [], accounts: [account({ client_secert: 'x', color: 1, base_url: 'https://a.looker.com' })] },
      [
        'accounts[0].base_url: unknown key (did you mean "url"?)',
        'accounts[0].client_secert: unknown key (did you mean "client_secret"?)',
        'accounts[0].color: unknown key',
        'acounts: unknown key (did you mean "accounts"?)',
      ],
    ],
  ])('%s', (_name, raw, expected) => {
    expect(problemsOf(raw)).toEqual(expected);
  });

  it('reports every problem of every account at once, sorted by path, in one message naming the file', () => {
    const raw = {
      accounts: [
        account({ url: 'http://acme.looker.com' }),
        account({ name: 'staging', url: 'https://staging.looker.com/looker', client_id: '' }),
        { name: 'lab', url: 'https://lab.looker.com' },
        account(),
      ],
      inactive_days: 0,
    };
    let caught: unknown;
    try {
      validateConfig(raw, ctx);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems.map((p) => p.split(':')[0])).toEqual([
      'accounts[0].url',
      'accounts[1].client_id',
      'accounts[1].url',
      'accounts[2]',
      'accounts[2].client_id',
      'accounts[3]',
      'inactive_days',
    ]);
    expect(error.message).toMatch(/^\/etc\/looker\/audit\.yaml: 7 problems: accounts\[0\]\.url: must be an https URL/);
  });

  it('never quotes a secret placed where it does not belong', () => {
    const secret = 'PLANTED-s3cret-value';
    const problems = problemsOf({
      accounts: [
        account({ url: `https://user:${secret}@acme.looker.com`, client_secret: secret }),
        account({ name: 'b', url: `https://acme.looker.com/?client_secret=${secret}`, client_secret_env: secret }),
        account({ name: 'c', client_secret_env: undefined, client_secret: 12345678 }),
        account({ name: 'd', url: secret }),
      ],
    });
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.join('\n')).not.toContain(secret);
    expect(problems.join('\n')).not.toContain('12345678');
  });
});
