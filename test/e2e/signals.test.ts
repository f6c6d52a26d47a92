/**
 * SIGINT/SIGTERM while the built CLI is fetching stops the requests,
 * logs out of the open session, leaves no report and no temp file, prints one line and exits 130/143.
 * The signal is sent once the users request is in flight (the fake records it on arrival and holds it with
 * injected latency): an event awaited with a bounded poll, not a fixed sleep.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { BIN, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const SECRET = 'signals-SECRET-never-print';
const CLIENT_ID = 'signals-client';

let fake: FakeLooker | undefined;
let ws: Workspace | undefined;
afterEach(async () => {
  await fake?.close();
  await ws?.remove();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s while fetching', (signal, code) => {
  it(`logs out, writes nothing, one line, exit ${code}`, async () => {
    fake = await startFakeLooker({ credentials: [{ clientId: CLIENT_ID, clientSecret: SECRET }] });
    fake.inject({ path: '/api/4.0/users' }, { kind: 'latency', ms: 20_000 });
    ws = await createWorkspace('looker-audit-signal-');
    await ws.write(
      'looker-audit.yaml',
      `accounts:\n  - name: fake\n    url: ${fake.url}\n    client_id: ${CLIENT_ID}\n    client_secret_env: S\n`,
    );
    const child = spawn(process.execPath, [BIN, 'users', '-f', 'csv', '-o', 'report.csv'], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? '', HOME: ws.dir, NO_COLOR: '1', S: SECRET },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
    const live = fake;
    await until(() => live.requests.some((r) => r.path === '/api/4.0/users' && r.status === 0), 'the users request');
    expect(live.liveSessions()).toBe(1);
    child.kill(signal);
    const status = await exited;

    expect(status).toBe(code);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^looker-audit: stopped by ${signal}: `)),
    ]);
    expect(hasStackTrace(stderr)).toBe(false);
    expect(stdout).toBe('');
    expect(live.requests.some((r) => r.method === 'DELETE' && r.path === '/api/4.0/logout')).toBe(true);
    expect(live.liveSessions()).toBe(0);
    expect(stderr + stdout).not.toContain(SECRET);
    expect((await readdir(ws.dir)).sort()).toEqual(['looker-audit.yaml']);
  });
});
