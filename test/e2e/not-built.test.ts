/** A source checkout that was never built: the bin script says what to do in one line, not a stack trace. */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN } from '../helpers/exec.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await createWorkspace('looker-audit-unbuilt-');
  await cp(BIN, join(ws.dir, 'bin', 'looker-audit.js'));
});
afterAll(() => ws.remove());

it('prints one line naming `npm run build` and exits non-zero when dist/ is missing', async () => {
  const error = await promisify(execFile)(process.execPath, [join(ws.dir, 'bin', 'looker-audit.js'), '--help']).then(
    () => undefined,
    (e: { code?: number; stderr?: string; stdout?: string }) => e,
  );
  expect(error?.code).toBe(70);
  expect(error?.stdout).toBe('');
  expect(error?.stderr).toBe('looker-audit: not built yet: run `npm run build` in the looker-audit folder first\n');
});
