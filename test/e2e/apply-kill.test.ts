/**
 * The built CLI killed with SIGKILL in the middle of `apply --yes`, with a write in flight that Looker made but
 * never answered: the journal holds every line whole (the last intent without its answer), and `undo --yes` from
 * it puts the instance back exactly as it was before the apply. The kill comes when the fake receives the third
 * write, an event, not a timer.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  SAMPLE_ACTIVITY_DATE,
  startFakeLooker,
  type FakeLooker,
  type RecordedRequest,
} from '../../src/fake-looker/index.js';
import { parseJournal } from '../../src/plan/journal.js';
import { BIN, exec } from '../helpers/exec.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const WRITE = /^\/api\/4\.0\/(users|groups|scheduled_plans)\//;
const env = SAMPLE_ENV;

let ws: Workspace;
let fake: FakeLooker;
let onWrite: (request: RecordedRequest) => void = () => {};

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-kill-');
  fake = await startFakeLooker({
    now: () => Date.parse(NOW),
    onRequest: (r) => {
      if (r.method !== 'GET' && WRITE.test(r.path)) onWrite(r);
    },
  });
  await ws.write(
    'looker-audit.yaml',
    configYaml(
      [sampleAccount(fake.url)],
      'remediation: { roles: { standard: Explorer }, groups: { viewer: Finance } }\n',
    ),
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

const stateOf = (f: FakeLooker) => ({
  users: f.org.users.map((u) => [u.id, u.is_disabled, [...u.role_ids].sort(), [...u.group_ids].sort()]),
  schedules: (f.org.scheduled_plans ?? []).map((s) => [s.id, s.user_id, s.enabled]),
});

it('SIGKILL with the third write in flight: the journal says so, and undo --yes restores the state', async () => {
  const cli = (args: string[]) => exec(args, { cwd: ws.dir, env });
  expect((await cli(['plan', '-o', 'plan.json', '-q'])).status).toBe(0);
  const start = stateOf(fake);
  // The third write is made by Looker, and its answer never comes.
  fake.inject({ method: ['POST', 'PUT', 'PATCH', 'DELETE'], path: WRITE, skip: 2 }, { kind: 'hang-after' });

  const child = spawn(process.execPath, [BIN, 'apply', 'plan.json', '--yes', '-q'], {
    cwd: ws.dir,
    env: { PATH: process.env.PATH ?? '', HOME: ws.dir, NO_COLOR: '1', TZ: 'UTC', ...env },
    stdio: 'ignore',
  });
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  let writes = 0;
  const third = new Promise<void>((resolve) => {
    onWrite = () => {
      if (++writes === 3) resolve();
    };
  });
  // Bounded: a CLI that never sends its third write fails the test instead of hanging it.
  const bound = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await Promise.race([third, closed]);
  child.kill('SIGKILL');
  expect(await closed).toBe('SIGKILL');
  clearTimeout(bound);
  expect(writes).toBe(3);

  const journal = parseJournal(await readFile(join(ws.dir, 'plan.journal.jsonl'), 'utf8'), 'plan.journal.jsonl');
  expect(journal.truncated).toBe(false);
  expect(journal.entries.map((e) => e.event)).toEqual(['run', 'intent', 'done', 'intent', 'done', 'intent']);
  expect(stateOf(fake)).not.toEqual(start);

  const undo = await cli(['undo', 'plan.journal.jsonl', '--yes', '-f', 'json']);
  expect(undo.stderr).toBe('');
  expect(undo.status).toBe(0);
  expect((JSON.parse(undo.stdout) as { totals: { restored: number } }).totals.restored).toBe(2);
  expect(stateOf(fake)).toEqual(start);
});
