/**
 * The journal writer: every line is synced to disk before append() resolves, the file is 0600 whatever it was,
 * lines are appended across runs, only regular files are taken, and what it writes reads back.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { readInputText } from '../../src/commands/shared/change-inputs.js';
import { openJournal } from '../../src/output/journal.js';
import { parseJournal } from '../../src/plan/journal.js';
import { DONE, FAILED, INTENT, RUN } from '../plan/journal-lines.js';

/** Reads a journal back as undo does: one bounded read of a regular file, then the parser. */
const readJournal = async (path: string) => parseJournal(await readInputText(dir, path, 'a journal'), path);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** fs.open, with the handle's writes and syncs recorded in order. */
function watched(events: string[]): { open: typeof fs.open; stat: typeof fs.stat } {
  return {
    stat: fs.stat,
    open: (async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      const { write, sync } = handle;
      handle.write = ((...a: unknown[]) => {
        events.push('write');
        return (write as (...x: unknown[]) => unknown).apply(handle, a);
      }) as typeof handle.write;
      handle.sync = () => {
        events.push('sync');
        return sync.apply(handle);
      };
      return handle;
    }) as typeof fs.open,
  };
}

describe('openJournal', () => {
  it('writes each line and syncs it before append resolves; the lines read back', async () => {
    const path = join(dir, 'plan.journal.jsonl');
    const events: string[] = [];
    const journal = await openJournal(path, watched(events));
    events.length = 0; // the folder's sync at open
    await journal.append(RUN);
    expect(events).toEqual(['write', 'sync']);
    await journal.append(INTENT);
    expect(events).toEqual(['write', 'sync', 'write', 'sync']);
    await journal.append(DONE);
    await journal.close();
    expect(await readJournal(path)).toEqual({ entries: [RUN, INTENT, DONE], truncated: false });
    const text = await fs.readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
  });

  it('keeps the order of lines appended at once (accounts applied side by side)', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await openJournal(path);
    await journal.append(RUN);
    await Promise.all([journal.append(INTENT), journal.append(DONE)]);
    await journal.close();
    expect((await readJournal(path)).entries).toEqual([RUN, INTENT, DONE]);
  });

  it('creates the file 0600, makes an existing one 0600, and appends to it', async () => {
    const path = join(dir, 'j.jsonl');
    const first = await openJournal(path);
    await first.append(RUN);
    await first.close();
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
    await fs.chmod(path, 0o644);
    const second = await openJournal(path);
    await second.append({ ...RUN, run_id: 'run-2' });
    await second.close();
    expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
    expect((await readJournal(path)).entries.map((e) => e.run_id)).toEqual(['run-1', 'run-2']);
  });

  it('keeps a failure message to one bounded line without control characters', async () => {
    const path = join(dir, 'j.jsonl');
    const journal = await openJournal(path);
    await journal.append(RUN);
    await journal.append(INTENT);
    await journal.append({ ...FAILED, error: `bad\u001b[2J\nnews ${'x'.repeat(2000)}` });
    await journal.close();
    const failed = (await readJournal(path)).entries[2];
    expect(failed?.event === 'failed' && failed.error.startsWith('bad news xxx')).toBe(true);
    expect(failed?.event === 'failed' && failed.error.length).toBe(500);
  });

  it('refuses to write a line the reader would refuse (a bug, not a line)', async () => {
    const journal = await openJournal(join(dir, 'j.jsonl'));
    await expect(journal.append({ ...RUN, token: 'abc' } as never)).rejects.toThrow();
    await journal.append(RUN);
    await journal.close();
    await expect(journal.append(RUN)).rejects.toThrow(/closed/);
  });

  it('refuses a folder, a FIFO and a path it cannot create, with one line (exit 2)', async () => {
    await expect(openJournal(dir)).rejects.toThrow(UsageError);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(openJournal(fifo)).rejects.toThrow(`${fifo}: the journal must be a regular file`);
    await expect(openJournal(join(dir, 'missing', 'j.jsonl'))).rejects.toThrow(
      `${join(dir, 'missing', 'j.jsonl')}: cannot open the journal: no such file`,
    );
    await expect(readJournal(fifo)).rejects.toThrow('not a regular file');
    await expect(readJournal(join(dir, 'nope'))).rejects.toThrow('no such file');
  });
});
