/**
 * The apply journal on disk (JSON lines, the format of plan/schema.ts). Each line is written and synced to the
 * disk before append() resolves, so the line that announces a request is durable before the request leaves, and
 * a run killed at any moment leaves a journal that says what was done and what may have been: at worst its last
 * line is cut, which the reader drops (plan/journal.ts).
 *
 * The file is created with mode 0600 (it names users and what was done to them) and set to 0600 when it exists;
 * lines are appended, so a second run (apply again after a failure, or undo) adds to the same story. Only a
 * regular file is taken: a FIFO or a device cannot hold a journal that must be read back.
 */
import { constants } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { dirname } from 'node:path';
import { describeFileError, UsageError } from '../errors.js';
import { journalEntrySchema } from '../plan/schema.js';
import type { JournalEntry } from '../plan/types.js';
import { escapeJsonText, sanitize } from '../sanitize.js';
import { syncFolder } from './write-atomic.js';

export interface JournalWriter {
  readonly path: string;
  /** Checks the entry against the schema, writes it as one line and syncs it to disk, then resolves. */
  append(entry: JournalEntry): Promise<void>;
  /** Waits for the lines still being written, then closes the file. */
  close(): Promise<void>;
}

/** The parts of node:fs/promises the journal uses, so tests can watch the order of writes and syncs. */
export interface JournalFs {
  readonly open: typeof fsPromises.open;
  readonly stat: typeof fsPromises.stat;
}

/** An error message kept in a `failed` line: one line of plain text, bounded (a server may answer anything). */
const MAX_ERROR = 500;

export async function openJournal(path: string, fs: JournalFs = fsPromises): Promise<JournalWriter> {
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;
  // Looked at before the open too: opening a FIFO for writing with no reader fails with a misleading ENXIO.
  const existing = await fs.stat(path).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) throw new UsageError(`${path}: the journal must be a regular file`);
  const handle = await fs.open(path, flags, 0o600).catch((error: unknown) => {
    throw new UsageError(`${path}: cannot open the journal: ${describeFileError(error)}`);
  });
  try {
    if (!(await handle.stat()).isFile()) throw new UsageError(`${path}: the journal must be a regular file`);
    await handle.chmod(0o600);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error instanceof UsageError
      ? error
      : new UsageError(`${path}: cannot open the journal: ${describeFileError(error)}`);
  }
  // The file's name in its folder must survive a crash too.
  await syncFolder(fs, dirname(path));

  let queue: Promise<void> = Promise.resolve();
  let closed = false;
  const write = async (entry: JournalEntry) => {
    const kept: JournalEntry =
      entry.event === 'failed' ? { ...entry, error: sanitize(entry.error).slice(0, MAX_ERROR) } : entry;
    // A line the reader would refuse is a bug here, never something to write.
    const checked = journalEntrySchema.parse(kept);
    await handle.write(`${escapeJsonText(JSON.stringify(checked))}\n`);
    await handle.sync();
  };
  return {
    path,
    append(entry) {
      if (closed) return Promise.reject(new Error(`journal ${path} is closed`));
      // One line at a time, in the order asked: accounts applied side by side share the journal.
      const next = queue.then(() => write(entry));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      closed = true;
      await queue;
      await handle.close();
    },
  };
}
