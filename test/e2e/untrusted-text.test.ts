/**
 * Remote text is untrusted: names and emails from Looker never bring a
 * control character, escape sequence or bidi control to stdout in any format, and CSV neutralises formula cells.
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
// Control characters (C0 but LF, DEL, C1), the Unicode line separators and the bidi controls.
const RAW_CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

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
    {
      ...base,
      id: '104',
      first_name: 'Title\u001b]0;pwned\u0007',
      last_name: 'C1\u009b2J\u202Eevil\u2066x\u2069\u007f',
      email: ' =1+1@acme.example',
    },
    { ...base, id: '105', first_name: '李小龍', last_name: null, email: '\n=cmd@acme.example' },
    { ...base, id: '106', first_name: 'Zoë', last_name: 'Ødegård 🚀', email: 'zoe@acme.example' },
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

  it('never passes an escape sequence or control character to the terminal, and catches formulas behind a blank or LF', async () => {
    const r = await exec(['users', '-f', 'csv'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    // LF inside a quoted cell is data; nothing else of the remote text's controls reaches the bytes.
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const byId = new Map((parse(r.stdout, { columns: true }) as Record<string, string>[]).map((row) => [row.id, row]));
    expect(byId.get('104')?.name).toBe('Title C1evilx');
    expect(byId.get('104')?.email).toBe("' =1+1@acme.example");
    expect(byId.get('105')?.email).toBe("'\n=cmd@acme.example");
    expect(byId.get('105')?.name).toBe('李小龍');
    expect(byId.get('106')?.name).toBe('Zoë Ødegård 🚀');
  });
});

describe('JSON', () => {
  it('keeps the remote text whole but escapes what a terminal would act on', async () => {
    const r = await exec(['users', '-f', 'json'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('Title\\u001b]0;pwned\\u0007 C1\\u009b2J\\u202eevil\\u2066x\\u2069\\u007f');
    const doc = JSON.parse(r.stdout) as { accounts: { users: { id: string; name: string; email: string }[] }[] };
    const byId = new Map(doc.accounts[0]?.users.map((u) => [u.id, u]));
    expect(byId.get('104')?.name).toBe('Title\u001b]0;pwned\u0007 C1\u009b2J\u202Eevil\u2066x\u2069\u007f');
    expect(byId.get('105')?.email).toBe('\n=cmd@acme.example');
    expect(byId.get('106')?.name).toBe('Zoë Ødegård 🚀');
  });
});

describe('table', () => {
  it('strips terminal control sequences from remote names', async () => {
    const r = await exec(['users'], { cwd: ws.dir, env });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toContain('RedAlert');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('Title C1evilx');
    expect(r.stdout).toContain('李小龍');
    expect(r.stdout).toContain('Zoë Ødegård 🚀');
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
