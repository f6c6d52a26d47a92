/** src/input-file.ts: every input read bounded in size and time, interruptible, with no content in its errors. */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InterruptedError } from '../../src/errors.js';
import { InputProblem, readInputText, sizeText } from '../../src/input-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'looker-audit-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('readInputText', () => {
  it('reads a regular file up to its limit, without a byte-order mark', async () => {
    const file = join(dir, 'ok.txt');
    await writeFile(file, '\uFEFFhello');
    await expect(readInputText(file, { maxBytes: 5 + 3 })).resolves.toBe('hello');
  });

  it.each([
    ['a file over the limit', 'big.txt', 'too-large', 'it is larger than 1 KiB, the most accepted here'],
    ['a folder', '.', 'folder', 'it is a folder, not a file'],
    ['a missing file', 'nope.txt', 'unreadable', 'no such file'],
  ])('%s: %s', async (_what, name, kind, message) => {
    const file = join(dir, name);
    if (name === 'big.txt') {
      await writeFile(file, '');
      await truncate(file, 1025);
    }
    const error = await problemOf(readInputText(file, { maxBytes: 1024 }));
    expect(error).toBeInstanceOf(InputProblem);
    expect((error as InputProblem).kind).toBe(kind);
    expect((error as InputProblem).message).toBe(message);
  });

  it('a device is refused unread; with regularOnly, so is a named pipe', async () => {
    const error = await problemOf(readInputText('/dev/zero', { maxBytes: 1024 }));
    expect((error as InputProblem).message).toBe('it is a device or socket, not a file');
    const pipe = join(dir, 'refused.pipe');
    execFileSync('mkfifo', [pipe]);
    const refused = await problemOf(readInputText(pipe, { maxBytes: 1024, regularOnly: true }));
    expect((refused as InputProblem).kind).toBe('not-a-file');
  });

  it('a named pipe is read once its writer closes it', async () => {
    const pipe = join(dir, 'ok.pipe');
    execFileSync('mkfifo', [pipe]);
    const reading = readInputText(pipe, { maxBytes: 1024, pipeTimeoutMs: 10_000 });
    const writer = spawn('sh', ['-c', 'printf "piped" > "$0"', pipe], { stdio: 'ignore' });
    const exited = new Promise((resolve) => writer.on('close', resolve));
    await expect(reading).resolves.toBe('piped');
    await exited;
  });

  it('a named pipe nobody writes to fails at its time limit', async () => {
    const pipe = join(dir, 'silent.pipe');
    execFileSync('mkfifo', [pipe]);
    const error = await problemOf(readInputText(pipe, { maxBytes: 1024, pipeTimeoutMs: 200 }));
    expect((error as InputProblem).kind).toBe('pipe-timeout');
    expect((error as InputProblem).message).toBe(
      'it is a named pipe that did not deliver its content and close within 0.2 s (is anything writing to it?)',
    );
  });

  it('the stop signal ends a wait on a named pipe at once, as the signal it was', async () => {
    const pipe = join(dir, 'stopped.pipe');
    execFileSync('mkfifo', [pipe]);
    const stop = new AbortController();
    const reading = problemOf(readInputText(pipe, { maxBytes: 1024, pipeTimeoutMs: 60_000, signal: stop.signal }));
    stop.abort('SIGTERM');
    const error = await reading;
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(143);
  });
});

it('sizeText says the limits as the README does', () => {
  expect([64 * 1024, 1024 * 1024, 256 * 1024 * 1024, 1024 ** 3, 1000].map(sizeText)).toEqual([
    '64 KiB',
    '1 MiB',
    '256 MiB',
    '1 GiB',
    '1000 bytes',
  ]);
});
