import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { writeFileAtomic, type AtomicFs } from '../../src/output/write-atomic.js';

let dir = '';
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'looker-audit-write-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates the file, then replaces it whole', async () => {
    const path = join(dir, 'report.csv');
    await writeFileAtomic(path, 'first\n');
    expect(await fs.readFile(path, 'utf8')).toBe('first\n');
    await writeFileAtomic(path, 'second\n');
    expect(await fs.readFile(path, 'utf8')).toBe('second\n');
    expect(await fs.readdir(dir)).toEqual(['report.csv']);
  });

  it('keeps the previous content and leaves no temp file when the rename fails', async () => {
    const path = join(dir, 'keep.json');
    await fs.writeFile(path, 'previous');
    const failing: AtomicFs = {
      ...fs,
      rename: async () => Promise.reject(Object.assign(new Error('boom'), { code: 'EXDEV' })),
    };
    await expect(writeFileAtomic(path, 'new content', { fs: failing })).rejects.toThrow(UsageError);
    await expect(writeFileAtomic(path, 'new content', { fs: failing })).rejects.toThrow(`cannot write ${path}: EXDEV`);
    expect(await fs.readFile(path, 'utf8')).toBe('previous');
    expect((await fs.readdir(dir)).filter((f) => f.includes('keep.json'))).toEqual(['keep.json']);
  });

  it('writes a report given in pieces, in order, multi-byte text included', async () => {
    const path = join(dir, 'pieces.csv');
    const big = 'é'.repeat(100_000);
    await writeFileAtomic(path, ['a,b\n', '1,2\n', big, '3,4\n']);
    expect(await fs.readFile(path, 'utf8')).toBe(`a,b\n1,2\n${big}3,4\n`);
  });

  it('keeps the previous content when making a later piece fails, rethrows that error as it is, and leaves no temp file', async () => {
    const path = join(dir, 'pieces-fail.csv');
    await fs.writeFile(path, 'previous');
    function* pieces(): Generator<string> {
      yield 'a,b\n';
      throw new Error('render failed');
    }
    const error = await writeFileAtomic(path, pieces()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe('render failed');
    expect(await fs.readFile(path, 'utf8')).toBe('previous');
    expect((await fs.readdir(dir)).filter((f) => f.includes('pieces-fail'))).toEqual(['pieces-fail.csv']);
  });

  it('keeps the previous content when writing the temp file fails midway', async () => {
    const path = join(dir, 'midway.txt');
    await fs.writeFile(path, 'previous');
    const failing: AtomicFs = {
      ...fs,
      open: (async (...args: Parameters<typeof fs.open>) => {
        const handle = await fs.open(...args);
        return Object.assign(handle, {
          sync: async () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })),
        });
      }) as typeof fs.open,
    };
    await expect(writeFileAtomic(path, 'x'.repeat(10_000), { fs: failing })).rejects.toThrow(
      /no space left on the device/,
    );
    expect(await fs.readFile(path, 'utf8')).toBe('previous');
    expect((await fs.readdir(dir)).filter((f) => f.includes('midway'))).toEqual(['midway.txt']);
  });

  it('leaves the target absent when its folder does not exist', async () => {
    const path = join(dir, 'missing', 'out.csv');
    await expect(writeFileAtomic(path, 'x')).rejects.toThrow(/no such file/);
    await expect(fs.stat(path)).rejects.toThrow();
  });

  it('keeps the permissions of the file it replaces', async () => {
    const path = join(dir, 'mode.csv');
    await fs.writeFile(path, 'old', { mode: 0o640 });
    await fs.chmod(path, 0o640);
    await writeFileAtomic(path, 'new');
    expect((await fs.stat(path)).mode & 0o777).toBe(0o640);
  });
});

describe('a write stopped by the user (SIGINT/SIGTERM)', () => {
  it('stops between pieces, removes its temp file, keeps the target as it was, throws InterruptedError', async () => {
    const { mkdtemp, readFile, readdir, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { InterruptedError } = await import('../../src/errors.js');
    const dir = await mkdtemp(join(tmpdir(), 'looker-audit-stop-'));
    const path = join(dir, 'report.csv');
    await writeFile(path, 'previous\n');
    const stop = new AbortController();
    function* pieces() {
      yield 'a,b\n';
      stop.abort('SIGTERM'); // the signal arrives while the report is being written
      yield '1,2\n';
    }
    const error = await writeFileAtomic(path, pieces(), { signal: stop.signal }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InstanceType<typeof InterruptedError>).exitCode).toBe(143);
    expect(await readFile(path, 'utf8')).toBe('previous\n');
    expect(await readdir(dir)).toEqual(['report.csv']);
  });
});
