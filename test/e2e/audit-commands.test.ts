/**
 * The built CLI against two sample instances (two accounts), every command and format:
 * stdout, stderr and the exit code asserted separately.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let eu: FakeLooker;
let us: FakeLooker;
let ws: Workspace;
const SECRET = SAMPLE_CREDENTIALS.clientSecret;
const env = { EU_SECRET: SECRET, US_SECRET: SECRET };
const ESC = '\u001b';

interface JsonDoc {
  schema_version: number;
  generated_at: string;
  rules: string;
  accounts: {
    name: string;
    url: string;
    api_calls: number;
    error?: string;
    summary: Record<string, number>;
    users: {
      id: string;
      email: string | null;
      name: string;
      status: string;
      kind: string;
      license: string;
      roles: string[];
      groups: string[];
      last_login_at: string | null;
      reason: string;
    }[];
  }[];
}

beforeAll(async () => {
  [eu, us] = await Promise.all([startFakeLooker(), startFakeLooker()]);
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml([
      { name: 'eu', url: eu.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'EU_SECRET' },
      { name: 'us', url: us.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'US_SECRET' },
    ]),
  );
});
afterAll(async () => {
  await Promise.all([eu.close(), us.close()]);
  await ws.remove();
});

describe('users', () => {
  it('--format json has the section-7 shape for both accounts, keys in order, nothing on stderr', async () => {
    const r = await exec(['users', '--format', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as JsonDoc;
    expect(Object.keys(doc)).toEqual(['schema_version', 'generated_at', 'rules', 'accounts']);
    expect(doc.schema_version).toBe(1);
    expect(doc.rules).toBe('torii');
    expect(new Date(doc.generated_at).toISOString()).toBe(doc.generated_at);
    expect(doc.accounts.map((a) => a.name)).toEqual(['eu', 'us']);
    for (const account of doc.accounts) {
      expect(Object.keys(account)).toEqual(['name', 'url', 'api_calls', 'summary', 'users']);
      expect(account.users).toHaveLength(eu.org.users.length);
      expect(Object.keys(account.summary)).toEqual(['developer', 'standard', 'viewer', 'none']);
      expect(account.api_calls).toBe(6); // login, roles twice, 1 group page, 1 user page, logout
      const user = account.users[0]!;
      expect(Object.keys(user)).toEqual([
        'id',
        'email',
        'name',
        'status',
        'kind',
        'license',
        'seat',
        'roles',
        'groups',
        'last_login_at',
        'reason',
      ]);
      for (const u of account.users) expect(['developer', 'standard', 'viewer', 'none']).toContain(u.license);
    }
  });

  it('--format csv has the header and one row per user; no ANSI escape reaches a pipe', async () => {
    const r = await exec(['users', '-f', 'csv', '-a', 'eu'], { cwd: ws.dir, env: { ...env, FORCE_COLOR: '0' } });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat');
    expect(r.stdout).not.toContain(ESC);
    expect(lines.filter((l) => l.startsWith('eu,'))).toHaveLength(eu.org.users.length);
  });

  it('table output to a pipe has no escape codes, and NO_COLOR is honoured even with FORCE_COLOR unset', async () => {
    const r = await exec(['users'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).toMatch(/developer/i);
    // The table run states the calls it cost, on stderr: stdout holds only the report.
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('API calls: eu 6, us 6');
    expect(r.stdout).not.toContain('API calls');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^└/);
    const forced = await exec(['users'], { cwd: ws.dir, env: { ...env, NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
    const noColor = await exec(['users'], { cwd: ws.dir, env: { ...env, FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain(ESC);
  });

  it('--license filters by tier', async () => {
    const r = await exec(['users', '--license', 'developer', '-f', 'json'], { cwd: ws.dir, env });
    const doc = JSON.parse(r.stdout) as JsonDoc;
    const users = doc.accounts.flatMap((a) => a.users);
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u) => u.license === 'developer')).toBe(true);
  });

  it('--output writes the file atomically and keeps stdout empty', async () => {
    const r = await exec(['users', '-f', 'csv', '-o', 'report.csv', '-q'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(`${ws.dir}/report.csv`, 'utf8');
    expect(csv.startsWith('account,id,email')).toBe(true);
  });
});

describe('summary, roles, groups, explain', () => {
  it.each([
    ['summary', 'table'],
    ['summary', 'json'],
    ['summary', 'csv'],
    ['roles', 'table'],
    ['roles', 'json'],
    ['roles', 'csv'],
    ['groups', 'table'],
    ['groups', 'json'],
    ['groups', 'csv'],
  ])('%s --format %s exits 0 with output on stdout only', async (command, format) => {
    const r = await exec([command, '--format', format], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    // Tables (made for a person) end with what the run cost, on stderr; data formats keep stderr silent (cron).
    expect(r.stderr).toBe(format === 'table' ? 'API calls: eu 6, us 6\n' : '');
    expect(r.stdout.length).toBeGreaterThan(20);
    if (format === 'json') expect(() => JSON.parse(r.stdout)).not.toThrow();
    if (format === 'csv') expect(r.stdout.split('\n')[0]).toMatch(/^[a-z_]+(,[a-z_]+)+$/);
  });

  it('explain of an unknown user is a usage error (exit 2), one line', async () => {
    const r = await exec(['explain', 'nobody@nowhere.example'], { cwd: ws.dir, env });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('one failing account', () => {
  it('the other account is reported in full, the failure named in one line on stderr, exit 3', async () => {
    const r = await exec(['users', '--format', 'json'], {
      cwd: ws.dir,
      env: { EU_SECRET: SECRET, US_SECRET: 'wrong-secret-456' },
    });
    expect(r.status).toBe(3);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    const [euDoc, usDoc] = doc.accounts;
    expect(euDoc?.users).toHaveLength(eu.org.users.length);
    expect(euDoc?.error).toBeUndefined();
    expect(usDoc?.error).toMatch(/login/i);
    expect(usDoc?.users).toEqual([]);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/account "us"/);
    expect(r.stdout + r.stderr).not.toContain('wrong-secret-456');
  });
});
