/**
 * Cron's contract: the --output file is complete or untouched. When an account fails, the target keeps its
 * previous content, what succeeded goes to <file>.partial, and the exit code is 3. (A process killed while
 * writing cannot leave a partial target either: the report is written to a temporary file and renamed;
 * test/report/write-atomic.test.ts covers a write that fails half-way.)
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, type Workspace } from '../helpers/workspace.js';

let up: FakeLooker;
let ws: Workspace;
const SECRET = SAMPLE_CREDENTIALS.clientSecret;

beforeAll(async () => {
  up = await startFakeLooker();
  ws = await createWorkspace();
  await ws.write(
    'looker-audit.yaml',
    configYaml([
      { name: 'up', url: up.url, clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'UP_SECRET' },
      // Nothing listens on port 9 of loopback (discard): connection refused, after the client's retries.
      { name: 'down', url: 'http://127.0.0.1:9', clientId: SAMPLE_CREDENTIALS.clientId, secretEnv: 'UP_SECRET' },
    ]),
  );
});
afterAll(async () => {
  await up.close();
  await ws.remove();
});

describe('--output when an account fails', () => {
  it('keeps the previous report, writes what succeeded to .partial, exits 3 naming the account', async () => {
    const target = join(ws.dir, 'seats.csv');
    await writeFile(target, 'previous,complete,report\n');
    const r = await exec(['users', '-f', 'csv', '-o', 'seats.csv'], {
      cwd: ws.dir,
      env: { UP_SECRET: SECRET },
      timeoutMs: 30_000,
    });
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/account "down"/);
    expect(await readFile(target, 'utf8')).toBe('previous,complete,report\n');
    const partial = await readFile(`${target}.partial`, 'utf8');
    expect(partial.split('\n')[0]).toBe(
      'account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat',
    );
    expect(partial.split('\n').filter((l) => l.startsWith('up,'))).toHaveLength(up.org.users.length);
    // No temporary file is left behind.
    expect((await readdir(ws.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a later successful run replaces the target and removes the stale .partial', async () => {
    const target = join(ws.dir, 'seats.csv');
    const r = await exec(['users', '-f', 'csv', '-o', 'seats.csv', '-a', 'up', '-q'], {
      cwd: ws.dir,
      env: { UP_SECRET: SECRET },
    });
    expect(r.status).toBe(0);
    expect((await readFile(target, 'utf8')).startsWith('account,id,email')).toBe(true);
    expect((await readdir(ws.dir)).includes('seats.csv.partial')).toBe(false);
  });

  it('with no previous report, a failed run leaves the target absent', async () => {
    const r = await exec(['users', '-f', 'json', '-o', 'fresh.json'], {
      cwd: ws.dir,
      env: { UP_SECRET: SECRET },
      timeoutMs: 30_000,
    });
    expect(r.status).toBe(3);
    const files = await readdir(ws.dir);
    expect(files.includes('fresh.json')).toBe(false);
    expect(files.includes('fresh.json.partial')).toBe(true);
  });
});
