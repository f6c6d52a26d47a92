/**
 * The README's Install: `npm pack` of a source checkout (its prepack builds dist/) installs into a clean global
 * prefix and runs there, without the source. The checkout is copied (what the build reads, with this project's
 * node_modules linked for the compilers), packed, and installed with `npm install --global --offline`: from
 * npm's cache only, never from the network. A global install ignores the lockfile and resolves
 * each range afresh, so `.ci/run` first installs the same ranges into a scratch folder to fill the cache with
 * what that resolution needs (documents and tarballs); elsewhere, when the cache lacks them, this test says so
 * and skips (under CI=true it fails).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cp, mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What `npm run build` and `npm pack` read. */
const BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  '.npmrc',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts',
  'src',
  'bin',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

let ws: Workspace;
let installed: { bin: string } | { skipped: string };

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-pack-');
  const checkout = join(ws.dir, 'checkout');
  await mkdir(checkout);
  for (const name of BUILD_INPUTS) await cp(join(ROOT, name), join(checkout, name), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(checkout, 'node_modules'), 'dir');
  // No dist/ in the copy: the tarball's dist/ can only come from the prepack build.
  await run('npm', ['pack', '--silent', '--pack-destination', ws.dir], { cwd: checkout, timeout: 120_000 });
  const tarball = (await readdir(ws.dir)).find((f) => f.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack wrote no tarball');
  const prefix = join(ws.dir, 'prefix');
  try {
    await run(
      'npm',
      ['install', '--global', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, join(ws.dir, tarball)],
      { cwd: ws.dir, timeout: 120_000 },
    );
    installed = { bin: join(prefix, 'bin', 'looker-audit') };
  } catch (error) {
    const text = String((error as { stderr?: unknown }).stderr ?? error);
    if (!/only-if-cached|ENOTCACHED/.test(text) || process.env.CI) throw error;
    installed = { skipped: 'npm cache lacks the dependencies (run .ci/run once, or install online once)' };
    process.stderr.write(`pack-install test skipped: ${installed.skipped}\n`);
  }
}, 240_000);
afterAll(() => ws.remove());

const runInstalled = async (args: string[]) => {
  if ('skipped' in installed) return undefined;
  return run(installed.bin, args, { cwd: ws.dir, env: { PATH: process.env.PATH ?? '', HOME: ws.dir, NO_COLOR: '1' } });
};

describe('npm pack, then npm install --global from the tarball', () => {
  it('runs --version from the clean prefix', async () => {
    const result = await runInstalled(['--version']);
    if (result === undefined) return;
    const { version } = (await import(join(ROOT, 'package.json'), { with: { type: 'json' } })).default as {
      version: string;
    };
    expect(result.stdout.trim()).toBe(version);
  });

  it('runs demo from the clean prefix: the sample instance as CSV', async () => {
    const result = await runInstalled(['demo', '--format', 'csv']);
    if (result === undefined) return;
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat');
    expect(lines.length).toBeGreaterThan(10);
  });
});
