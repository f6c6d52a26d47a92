/**
 * Remote text is untrusted: names and emails from Looker are neutralised in CSV and sanitised for the terminal.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import {
  SAMPLE_CREDENTIALS,
  sampleOrganisation,
  startFakeLooker,
  type FakeLooker,
} from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let fake: FakeLooker;
let ws: Workspace;
const env = { SECRET: SAMPLE_CREDENTIALS.clientSecret };

beforeAll(async () => {
  const org = sampleOrganisation();
  const base = { is_disabled: false, role_ids: ['4'], group_ids: [], login: 'email' as const, logged_in_at: null };
  org.users.push(
    { ...base, id: '101', first_name: '=HYPERLINK("x")', last_name: null, email: 'formula@acme.example' },
    { ...base, id: '102', first_name: 'Comma, "Quote"', last_name: 'Line\nBreak', email: '+cmd@acme.example' },
    {
      ...base,
      id: '103',
      first_name: 'Red\u001b[31mAlert\u001b[0m',
      last_name: 'Bell\u0007',
      email: 'esc@acme.example',
    },
  );
  fake = await startFakeLooker({ org });
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

describe('CSV', () => {
  it('neutralises formula cells and quotes commas, quotes and newlines', async () => {
    const r = await exec(['users', '-f', 'csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get('101')?.name).toBe('\'=HYPERLINK("x")');
    expect(byId.get('102')?.name).toBe('Comma, "Quote" Line\nBreak');
    expect(byId.get('102')?.email).toBe("'+cmd@acme.example");
    expect(r.stdout).toContain('"Comma, ""Quote"" Line\nBreak"');
    expect(rows).toHaveLength(fake.org.users.length);
  });
});

describe('table', () => {
  it('strips terminal control sequences from remote names', async () => {
    const r = await exec(['users'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toContain('RedAlert');
  });

  it('with colour forced, the only escape sequences are colours (SGR), never the remote ones', async () => {
    const r = await exec(['users'], { cwd: ws.dir, env: { ...env, NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[');
    expect(r.stdout).not.toContain('\u0007');
    // Every escape is a colour code; the remote "\u001b[31mAlert" no longer stands next to "Red".
    expect(r.stdout.match(/\u001b\[[0-9;]*[A-Za-z]/g)?.every((seq) => seq.endsWith('m'))).toBe(true);
    expect(r.stdout).not.toContain('Red\u001b[31mAlert');
  });
});
