import { describe, expect, it } from '@jest/globals';
import { parseLookerIni, unquote } from '../../src/config/ini.js';

const ONE = `; looker.ini as in sdk-codegen's looker-sample.ini
[Looker]
# Base URL for API. Do not include /api/* in the url
base_url=https://acme.looker.com:19999
client_id="AbC123"
client_secret='file-secret'
verify_ssl=true
timeout=120
`;
const TWO = `${ONE}
[staging]
base_url=https://staging.looker.com
client_id=St4g
client_secret=other
verify_ssl=no
api_version=4.0
`;
const SDK_ENV = {
  LOOKERSDK_BASE_URL: 'https://env.looker.com',
  LOOKERSDK_CLIENT_ID: '"EnvId"',
  LOOKERSDK_CLIENT_SECRET: 'env-secret-PLANTED',
  LOOKERSDK_VERIFY_SSL: 'f',
  LOOKERSDK_TIMEOUT: '30',
};

describe('parseLookerIni', () => {
  it('maps each section to an account named after it, removing surrounding quotes', () => {
    expect(parseLookerIni(ONE, {})).toEqual({
      raw: {
        accounts: [
          {
            name: 'Looker',
            url: 'https://acme.looker.com:19999',
            client_id: 'AbC123',
            client_secret: 'file-secret',
            verify_ssl: true,
            timeout: 120,
          },
        ],
      },
      warnings: [],
      problems: [],
    });
  });

  it('lets LOOKERSDK_* override the file when there is a single section, the secret by reference only', () => {
    const result = parseLookerIni(ONE, SDK_ENV);
    expect(result.raw.accounts).toEqual([
      {
        name: 'Looker',
        url: 'https://env.looker.com',
        client_id: 'EnvId',
        client_secret_env: 'LOOKERSDK_CLIENT_SECRET',
        verify_ssl: false,
        timeout: 30,
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('PLANTED');
    expect(result.warnings).toEqual([]);
  });

  it('ignores empty LOOKERSDK_* variables, as the SDK does for base_url', () => {
    const result = parseLookerIni(ONE, { LOOKERSDK_BASE_URL: '', LOOKERSDK_CLIENT_SECRET: '' });
    expect(result.raw.accounts[0]).toMatchObject({
      url: 'https://acme.looker.com:19999',
      client_secret: 'file-secret',
    });
  });

  it('never applies LOOKERSDK_* to a multi-section file, and says so', () => {
    const result = parseLookerIni(TWO, SDK_ENV);
    expect(result.raw.accounts).toEqual([
      {
        name: 'Looker',
        url: 'https://acme.looker.com:19999',
        client_id: 'AbC123',
        client_secret: 'file-secret',
        verify_ssl: true,
        timeout: 120,
      },
      {
        name: 'staging',
        url: 'https://staging.looker.com',
        client_id: 'St4g',
        client_secret: 'other',
        verify_ssl: false,
      },
    ]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^LOOKERSDK_BASE_URL, LOOKERSDK_CLIENT_ID, LOOKERSDK_CLIENT_SECRET, LOOKERSDK_VERIFY_SSL, LOOKERSDK_TIMEOUT ignored: looker.ini has 2 sections/,
      ),
      'looker.ini [staging]: ignored key(s) api_version',
    ]);
    expect(result.warnings.join('\n')).not.toContain('PLANTED');
  });

  it.each([
    ['t', true],
    ['YES', true],
    ['y', true],
    ['1', true],
    ['"true"', true],
    ['f', false],
    ['No', false],
    ['n', false],
    ['0', false],
    ['false', false],
  ])('verify_ssl=%s is %s (the SDK spellings)', (value, expected) => {
    expect(parseLookerIni(`[a]\nverify_ssl=${value}\n`, {}).raw.accounts[0]?.verify_ssl).toBe(expected);
  });

  it('refuses verify_ssl and timeout values the SDK would guess at, naming the key or the variable', () => {
    expect(parseLookerIni('[a]\nverify_ssl=maybe\ntimeout=12s\n', {}).problems).toEqual([
      '[a] verify_ssl: must be true or false (also t/f, yes/no, y/n, 1/0)',
      '[a] timeout: must be a whole number of seconds > 0',
    ]);
    const fromEnv = parseLookerIni('[a]\nverify_ssl=true\n', { LOOKERSDK_VERIFY_SSL: 'off', LOOKERSDK_TIMEOUT: '0' });
    expect(fromEnv.problems).toEqual([
      'LOOKERSDK_VERIFY_SSL: must be true or false (also t/f, yes/no, y/n, 1/0)',
      'LOOKERSDK_TIMEOUT: must be a whole number of seconds > 0',
    ]);
    expect(fromEnv.raw.accounts[0]).not.toHaveProperty('verify_ssl');
  });

  it('keeps dotted section names whole', () => {
    expect(
      parseLookerIni('[prod.eu]\nclient_id=a\n[prod.us]\nclient_id=b\n', {}).raw.accounts.map((a) => a.name),
    ).toEqual(['prod.eu', 'prod.us']);
  });

  it.each([
    [
      'no section',
      'base_url=https://a.looker.com\n',
      [
        'key(s) outside any [section]: base_url (each section is an account)',
        'no [section] found: each section of looker.ini is an account',
      ],
    ],
    ['an empty file', '', ['no [section] found: each section of looker.ini is an account']],
    ['a repeated section', '[a]\nclient_id=1\n[a]\nclient_secret=2\n', ['section [a] appears more than once']],
  ])('reports %s', (_name, text, problems) => {
    expect(parseLookerIni(text, {}).problems).toEqual(problems);
  });

  it.each([
    ['"x"', 'x'],
    ["'x'", 'x'],
    ['`x`', 'x'],
    ['"x', '"x'],
    ['"', '"'],
    ['', ''],
    ['a"b"', 'a"b"'],
  ])('unquote(%s) = %s', (input, output) => {
    expect(unquote(input)).toBe(output);
  });
});
