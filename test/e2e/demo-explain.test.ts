import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import {
  SAMPLE_CASES,
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let fake: FakeLooker;
let ws: Workspace;
const env = { SECRET: SAMPLE_CREDENTIALS.clientSecret };

beforeAll(async () => {
  fake = await startFakeLooker();
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml([{ name: 'acme', url: fake.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'SECRET' }]),
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

describe('the installed bin (the esbuild bundle)', () => {
  it('--version prints the version of package.json, from any working folder', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    const r = await exec(['--version'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });
});

describe('demo', () => {
  it('prints a users table of the sample instance', async () => {
    const r = await exec(['demo'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ada.admin@acme.example');
    expect(r.stdout).toMatch(/developer/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('--format json prints JSON that parses, with every sample user', async () => {
    const r = await exec(['demo', '--format', 'json'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { accounts: { name: string; users: unknown[]; api_calls: number }[] };
    expect(doc.accounts).toHaveLength(1);
    expect(doc.accounts[0]?.users).toHaveLength(sampleOrganisation().users.length);
    expect(doc.accounts[0]?.api_calls).toBe(6);
  });
});

describe('explain', () => {
  it('shows the role, each group of the nested path and the rule for a Developer three levels up', async () => {
    const r = await exec(['explain', 'BEN.builder@acme.example'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    for (const part of [
      'LookML Developer',
      'Dashboards Guild',
      'BI Engineers',
      'BI',
      'Analytics',
      'name contains "develop"',
      'developer',
    ]) {
      expect(r.stdout).toContain(part);
    }
  });

  it('accepts a user id and prints JSON', async () => {
    const r = await exec(['explain', SAMPLE_CASES.groupCycle, '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as unknown;
    expect(JSON.stringify(doc)).toContain('Ops Leads');
  });
});
