import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const SECRET = 'PLANTED-literal-secret-42';
let root: string;
let cwd: string;
let home: string;

async function put(file: string, text: string, mode = 0o600): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  await chmod(file, mode); // explicit: writeFile's mode is filtered by the umask
  return file;
}

async function fresh(name: string): Promise<void> {
  cwd = path.join(root, name, 'project');
  home = path.join(root, name, 'home');
  await mkdir(cwd, { recursive: true });
  await mkdir(home, { recursive: true });
}

async function loadError(opts: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  const error = await loadConfig(opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const YAML = `accounts:
  - name: production
    url: https://acme.cloud.looker.com:19999/api/4.0
    client_id: AbCdEf123
    client_secret_env: LOOKER_PROD_CLIENT_SECRET
  - name: staging
    url: https://acme-staging.cloud.looker.com
    client_id: XyZ987
    client_secret_file: ./staging.secret
rules: ./rules/custom.yaml
`;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'looker-audit-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('finds ./looker-audit.yaml, resolving relative paths against its folder', async () => {
    await fresh('yaml');
    const file = await put(path.join(cwd, 'looker-audit.yaml'), YAML);
    const config = await loadConfig({ env: {}, cwd, home });
    expect(config.file).toBe(file);
    expect(config.accounts.map((a) => [a.name, a.url])).toEqual([
      ['production', 'https://acme.cloud.looker.com:19999'],
      ['staging', 'https://acme-staging.cloud.looker.com'],
    ]);
    expect(config.accounts[1]).toMatchObject({ secret: { kind: 'file', path: path.join(cwd, 'staging.secret') } });
    expect(config.rules).toBe(path.join(cwd, 'rules', 'custom.yaml'));
    expect(config.warnings).toEqual([]);
  });

  it('reads a JSON config named by $LOOKER_AUDIT_CONFIG, relative to cwd', async () => {
    await fresh('json');
    await put(path.join(cwd, 'looker-audit.yaml'), YAML);
    const json = JSON.stringify({
      accounts: [{ name: 'j', url: 'https://j.looker.com', client_id: 'i', client_secret_env: 'J' }],
    });
    const file = await put(path.join(cwd, 'conf', 'audit.json'), json);
    const config = await loadConfig({ env: { LOOKER_AUDIT_CONFIG: 'conf/audit.json' }, cwd, home });
    expect(config.file).toBe(file);
    expect(config.accounts.map((a) => a.name)).toEqual(['j']);
  });

  it('reads the per-user file under ~/.config', async () => {
    await fresh('home');
    const file = await put(path.join(home, '.config', 'looker-audit', 'config.yaml'), YAML);
    expect((await loadConfig({ env: {}, cwd, home })).file).toBe(file);
  });

  it('reads a single-section looker.ini with LOOKERSDK_* applied', async () => {
    await fresh('ini-one');
    await put(
      path.join(cwd, 'looker.ini'),
      '[Looker]\nbase_url=https://a.looker.com:19999\nclient_id=file-id\nclient_secret=file-secret\n',
    );
    const env = { LOOKERSDK_CLIENT_ID: 'env-id', LOOKERSDK_CLIENT_SECRET: SECRET, LOOKERSDK_TIMEOUT: '45' };
    const config = await loadConfig({ env, cwd, home });
    expect(config.accounts).toEqual([
      {
        name: 'Looker',
        url: 'https://a.looker.com:19999',
        clientId: 'env-id',
        secret: { kind: 'env', name: 'LOOKERSDK_CLIENT_SECRET' },
        verifyTls: true,
        timeoutMs: 45_000,
        allowInsecureHttp: false,
      },
    ]);
    expect(JSON.stringify(config)).not.toContain(SECRET);
  });

  it('never lets LOOKERSDK_* leak into a multi-section looker.ini, and warns', async () => {
    await fresh('ini-two');
    const text =
      '[prod]\nbase_url=https://p.looker.com\nclient_id=p\nclient_secret=ps\n[dev]\nbase_url=https://d.looker.com\nclient_id=d\nclient_secret=ds\n';
    await put(path.join(cwd, 'looker.ini'), text);
    const config = await loadConfig({
      env: { LOOKERSDK_CLIENT_ID: 'leak', LOOKERSDK_BASE_URL: 'https://leak.example.com' },
      cwd,
      home,
    });
    expect(config.accounts.map((a) => [a.name, a.url, a.clientId, a.auth === 'oauth' ? null : a.secret])).toEqual([
      ['prod', 'https://p.looker.com', 'p', { kind: 'literal', value: 'ps' }],
      ['dev', 'https://d.looker.com', 'd', { kind: 'literal', value: 'ds' }],
    ]);
    expect(config.warnings).toEqual([
      expect.stringMatching(/^LOOKERSDK_BASE_URL, LOOKERSDK_CLIENT_ID ignored: looker.ini has 2 sections/),
    ]);
  });

  it('reports looker.ini reading problems together with validation problems', async () => {
    await fresh('ini-bad');
    const file = await put(
      path.join(cwd, 'looker.ini'),
      '[Looker]\nbase_url=http://remote.example.com\nclient_secret=x\n',
    );
    const error = await loadError({ env: { LOOKERSDK_TIMEOUT: 'soon' }, cwd, home });
    expect(error.file).toBe(file);
    expect(error.problems).toEqual([
      'LOOKERSDK_TIMEOUT: must be a whole number of seconds > 0',
      'accounts[0].client_id: is required',
      'accounts[0].url: must be an https URL: http:// is accepted only for loopback hosts or with allow_insecure_http: true',
    ]);
  });

  it('says where it looked when there is no config file', async () => {
    await fresh('none');
    const error = await loadError({ env: {}, cwd, home });
    expect(error.file).toBeUndefined();
    expect(error.message).toContain(path.join(cwd, 'looker-audit.yaml'));
    expect(error.message).toContain(path.join(home, '.config', 'looker-audit', 'config.yaml'));
    expect(error.message).toContain('--config');
  });

  it('errors on a missing --config file even when a default exists', async () => {
    await fresh('explicit-missing');
    await put(path.join(cwd, 'looker-audit.yaml'), YAML);
    const error = await loadError({ explicit: 'typo.yaml', env: {}, cwd, home });
    expect(error.file).toBe(path.join(cwd, 'typo.yaml'));
  });

  it('names an unreadable file', async () => {
    await fresh('unreadable');
    await mkdir(path.join(cwd, 'folder.yaml'));
    expect((await loadError({ explicit: 'folder.yaml', env: {}, cwd, home })).message).toBe(
      `${path.join(cwd, 'folder.yaml')}: cannot read: it is a folder, not a file`,
    );
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const viaFs = await loadError({
      explicit: '/x.yaml',
      env: {},
      cwd,
      home,
      fs: { exists: () => true, readFile: () => Promise.reject(denied) },
    });
    expect(viaFs.message).toBe('/x.yaml: cannot read: permission denied');
  });

  it('gives a YAML syntax error its file, line and column', async () => {
    await fresh('syntax');
    const file = await put(
      path.join(cwd, 'looker-audit.yaml'),
      `accounts:\n  - name: prod\n    client_secret: ${SECRET}: x\n`,
    );
    const error = await loadError({ env: {}, cwd, home });
    expect(error.message).toBe(`${file}: line 3, column 20: Nested mappings are not allowed in compact mappings`);
    expect(error.message).not.toContain(SECRET);
  });

  describe('the permission warning', () => {
    const literal = `accounts:\n  - name: prod\n    url: https://p.looker.com\n    client_id: p\n    client_secret: ${SECRET}\n`;
    it.each([
      ['a literal secret in a group/world-readable file', literal, 0o644, true],
      ['a literal secret in a group-readable file', literal, 0o640, true],
      ['a literal secret in a private file', literal, 0o600, false],
      ['an env secret in a world-readable file', YAML, 0o644, false],
    ])('%s', async (_name, text, mode, warned) => {
      await fresh(`mode-${mode}-${text.length}`);
      const file = await put(path.join(cwd, 'looker-audit.yaml'), text, mode);
      const config = await loadConfig({ env: {}, cwd, home, platform: 'linux' });
      const warning = config.warnings.find((w) => w.includes('chmod 600'));
      expect(warning !== undefined).toBe(warned);
      if (warning) {
        expect(warning).toBe(
          `${file} holds a literal client_secret (prod) and is readable by others than you (mode ${mode.toString(8)}): use client_secret_env, or chmod 600 ${file}`,
        );
      }
      expect(config.warnings.join('\n')).not.toContain(SECRET);
    });

    it('is skipped on Windows, where modes mean nothing', async () => {
      await fresh('windows');
      await put(path.join(cwd, 'looker-audit.yaml'), literal, 0o644);
      expect((await loadConfig({ env: {}, cwd, home, platform: 'win32' })).warnings).toEqual([]);
    });
  });
});
