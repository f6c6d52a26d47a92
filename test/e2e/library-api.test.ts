/**
 * The library API from the BUILT package (dist/index.js, what `import { audit } from 'looker-audit'` resolves
 * to): audit() against the sample instance returns the report model with every user; a config given as a path,
 * as an object in the YAML shape, or as options; failed accounts stay in the report with their error.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { createWorkspace, SAMPLE_ENV, type Workspace } from '../helpers/workspace.js';

type Library = typeof import('../../src/index.js');
const DIST = new URL('../../dist/index.js', import.meta.url).href;

let library: Library;
let fake: FakeLooker;
let ws: Workspace;
const env = SAMPLE_ENV;
const configObject = () => ({
  accounts: [
    { name: 'sample', url: fake.url, client_id: SAMPLE_CREDENTIALS.clientId, client_secret_env: 'SAMPLE_SECRET' },
  ],
});

beforeAll(async () => {
  library = (await import(DIST)) as Library;
  fake = await startFakeLooker();
  ws = await createWorkspace('looker-audit-library-');
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

describe("import { audit } from 'looker-audit'", () => {
  it('audits the sample instance from a config object and returns every user', async () => {
    const report = await library.audit(configObject(), { env, now: () => new Date('2026-12-01T00:00:00Z') });
    expect(report.generatedAt).toBe('2026-12-01T00:00:00.000Z');
    expect(report.rules).toBe('torii');
    const [account] = report.accounts;
    expect(account?.error).toBeNull();
    expect(account?.users.map((u) => u.id).sort()).toEqual(fake.org.users.map((u) => u.id).sort());
    expect(account?.users.every((u) => ['developer', 'standard', 'viewer', 'none'].includes(u.license))).toBe(true);
    expect(fake.liveSessions()).toBe(0);
  });

  it('takes a config file path, and options with account selection and rules', async () => {
    const yaml = [
      'accounts:',
      '  - name: sample',
      `    url: ${fake.url}`,
      `    client_id: ${SAMPLE_CREDENTIALS.clientId}`,
      '    client_secret_env: SAMPLE_SECRET',
      '  - name: down',
      '    url: http://127.0.0.1:9',
      '    client_id: nobody',
      '    client_secret_env: SAMPLE_SECRET',
      '',
    ].join('\n');
    const path = await ws.write('looker-audit.yaml', yaml);
    const both = await library.audit(path, { env });
    expect(both.accounts.map((a) => a.name)).toEqual(['sample', 'down']);
    // A failed account is in the report with its error, never dropped; the other is complete.
    expect(both.accounts[1]?.error).toMatch(/^account "down": .*connection refused/);
    expect(both.accounts[1]?.users).toEqual([]);
    expect(both.accounts[0]?.users).toHaveLength(fake.org.users.length);

    const one = await library.audit({ config: path, accounts: ['sample'], rules: 'looker' }, { env });
    expect(one.accounts.map((a) => a.name)).toEqual(['sample']);
    expect(one.rules).toBe('looker');
  });

  it("throws the typed error for bad input before any API call; a missing secret is that account's error", async () => {
    const before = fake.requests.length;
    await expect(library.audit({ accounts: [{ name: 'x', url: 'ftp://x' }] }, { env })).rejects.toBeInstanceOf(
      library.ConfigError,
    );
    // The config is valid: the account whose secret variable is unset fails, in the report, as a refused login does.
    const report = await library.audit(configObject(), { env: {} });
    expect(report.accounts[0]?.error).toMatch(/^account "sample": environment variable SAMPLE_SECRET .* is not set$/);
    expect(report.accounts[0]?.users).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });
});
