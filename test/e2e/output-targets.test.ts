/**
 * What --output does with each kind of target, on the built CLI (`demo`,
 * the sample instance, so no config is needed except where the case is about the config file).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, lstat, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { exec, hasStackTrace } from '../helpers/exec.js';
import { createWorkspace, SAMPLE_ENV, type Workspace } from '../helpers/workspace.js';

const HEADER = 'account,id,email,name,status,kind,license,roles,groups,last_login_at,reason,seat';
let ws: Workspace;
let fake: FakeLooker;
const env = SAMPLE_ENV;

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-targets-');
  fake = await startFakeLooker();
  await ws.write(
    'looker-audit.yaml',
    `accounts:\n  - name: sample\n    url: ${fake.url}\n    client_id: ${SAMPLE_CREDENTIALS.clientId}\n    client_secret_env: SAMPLE_SECRET\n`,
  );
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('--output targets', () => {
  it('-o - is stdout, not a file named "-"', async () => {
    const r = await exec(['demo', '-f', 'csv', '-o', '-'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(HEADER);
    expect(await readdir(ws.dir)).not.toContain('-');
  });

  it('-o /dev/stdout writes to stdout and leaves /dev/stdout as it was', async () => {
    const before = await lstat('/dev/stdout');
    const r = await exec(['demo', '-f', 'csv', '-o', '/dev/stdout'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(HEADER);
    const after = await lstat('/dev/stdout');
    expect(after.isSymbolicLink()).toBe(before.isSymbolicLink());
    expect(after.ino).toBe(before.ino);
  });

  it('a FIFO is written in place (a reader gets the report; the FIFO stays a FIFO)', async () => {
    const fifo = join(ws.dir, 'report.pipe');
    execFileSync('mkfifo', [fifo]);
    let received = '';
    const reading = new Promise<void>((resolve, reject) =>
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => (received += String(chunk)))
        .on('end', resolve)
        .on('error', reject),
    );
    const r = await exec(['demo', '-f', 'csv', '-o', fifo], { cwd: ws.dir });
    await reading;
    expect(r.status).toBe(0);
    expect(received.split('\n')[0]).toBe(HEADER);
    expect((await stat(fifo)).isFIFO()).toBe(true);
  });

  it('/dev/full: one line saying the device is full, exit 2, the device untouched', async () => {
    const r = await exec(['demo', '-f', 'csv', '-o', '/dev/full'], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual(['looker-audit: cannot write /dev/full: no space left on the device']);
    expect((await stat('/dev/full')).isCharacterDevice()).toBe(true);
  });

  it('the config file itself is refused before any API call, and left as it was', async () => {
    const config = await readFile(join(ws.dir, 'looker-audit.yaml'), 'utf8');
    const before = fake.requests.length;
    const r = await exec(['users', '-f', 'csv', '-o', 'looker-audit.yaml'], { cwd: ws.dir, env });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(/--output looker-audit\.yaml: is .*looker-audit\.yaml, an input of this run/),
    ]);
    expect(await readFile(join(ws.dir, 'looker-audit.yaml'), 'utf8')).toBe(config);
    expect(fake.requests.length).toBe(before);
  });

  it('a read-only (444) report is refused, not replaced, even as root', async () => {
    const path = await ws.write('locked.csv', 'keep me\n');
    await chmod(path, 0o444);
    const r = await exec(['demo', '-f', 'csv', '-o', 'locked.csv'], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual([expect.stringMatching(/locked\.csv: the file is read-only \(mode 444\)/)]);
    expect(await readFile(path, 'utf8')).toBe('keep me\n');
  });

  it('a new report is 0600; an existing one keeps its bits; --output-mode sets a new one', async () => {
    expect((await exec(['demo', '-o', 'new.csv'], { cwd: ws.dir })).status).toBe(0);
    expect((await stat(join(ws.dir, 'new.csv'))).mode & 0o777).toBe(0o600);
    const kept = await ws.write('kept.csv', 'old\n');
    await chmod(kept, 0o640);
    expect((await exec(['demo', '-o', 'kept.csv'], { cwd: ws.dir })).status).toBe(0);
    expect((await stat(kept)).mode & 0o777).toBe(0o640);
    expect((await exec(['demo', '-o', 'shared.csv', '--output-mode', '644'], { cwd: ws.dir })).status).toBe(0);
    expect((await stat(join(ws.dir, 'shared.csv'))).mode & 0o777).toBe(0o644);
  });

  it('a symlink is followed: its target gets the report atomically, the link stays a link', async () => {
    await writeFile(join(ws.dir, 'real.csv'), 'old\n');
    await symlink('real.csv', join(ws.dir, 'latest.csv'));
    const r = await exec(['demo', '-o', 'latest.csv'], { cwd: ws.dir });
    expect(r.status).toBe(0);
    expect((await lstat(join(ws.dir, 'latest.csv'))).isSymbolicLink()).toBe(true);
    expect((await readFile(join(ws.dir, 'real.csv'), 'utf8')).split('\n')[0]).toBe(HEADER);
  });

  it('the format follows the extension without -f; an -f that contradicts it is a usage error', async () => {
    expect((await exec(['demo', '-o', 'report.json'], { cwd: ws.dir })).status).toBe(0);
    expect(JSON.parse(await readFile(join(ws.dir, 'report.json'), 'utf8'))).toMatchObject({ schema_version: 1 });
    const r = await exec(['demo', '-f', 'csv', '-o', 'other.json'], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual(['looker-audit: -f csv contradicts --output other.json (a .json file is json)']);
    expect(await readdir(ws.dir)).not.toContain('other.json');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('diff refuses to write over one of its inputs', async () => {
    await exec(['demo', '-o', 'snap.json'], { cwd: ws.dir });
    const snapshot = await readFile(join(ws.dir, 'snap.json'), 'utf8');
    const r = await exec(['diff', 'snap.json', 'snap.json', '-f', 'json', '-o', 'snap.json'], { cwd: ws.dir });
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual([
      expect.stringMatching(/--output snap\.json: is snap\.json, an input of this run/),
    ]);
    expect(await readFile(join(ws.dir, 'snap.json'), 'utf8')).toBe(snapshot);
  });
});
