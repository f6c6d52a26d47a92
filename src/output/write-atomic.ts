/**
 * A report file is complete or absent, never half-written (a cron job must never read half a report): write a temp
 * file in the target's folder (rename is atomic only within one file system), fsync it, rename it over the
 * target, then fsync the folder so the rename itself survives a crash. On any error the temp file is removed
 * and the target keeps its previous content.
 */
import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFileError, InterruptedError, stoppedBy, UsageError } from '../errors.js';
import { cleanupOnExit } from './io.js';

/** The error for a write the user stopped: the temp file is gone and the target keeps what it had. */
export function interruptedWrite(signal: AbortSignal, path: string): InterruptedError {
  return stoppedBy(signal, `${path} not written (left as it was)`);
}

/** The parts of node:fs/promises used here, so tests can make any step fail. */
export interface AtomicFs {
  readonly open: typeof fsPromises.open;
  readonly rename: typeof fsPromises.rename;
  readonly rm: typeof fsPromises.rm;
  readonly stat: typeof fsPromises.stat;
}

export async function syncFolder(fs: Pick<AtomicFs, 'open'>, folder: string): Promise<void> {
  // Best effort: some platforms and file systems refuse to open or fsync a directory.
  const handle = await fs.open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/**
 * `content` may be pieces made while they are written (a large CSV). An error from making a piece is not a write
 * error: it is rethrown as it is, after the temp file is removed, so a bug never reads as "cannot write".
 */
export interface AtomicWriteOptions {
  /** Bits of a file that does not exist yet (default 0600: a report names every user). An existing file keeps its own. */
  readonly newFileMode?: number;
  /** Aborted (Ctrl-C): writing stops between pieces, the temp file is removed, InterruptedError is thrown. */
  readonly signal?: AbortSignal;
  readonly fs?: AtomicFs;
}

export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const fs = options.fs ?? fsPromises;
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // Keep an existing report's permissions (a cron job may have made it group-readable on purpose).
  const mode = await fs.stat(path).then(
    (s) => s.mode & 0o7777,
    () => options.newFileMode ?? 0o600,
  );
  const stopped = () => {
    const signal = options.signal;
    if (signal?.aborted) throw interruptedWrite(signal, path);
  };
  const pieces = (typeof content === 'string' ? [content] : content)[Symbol.iterator]();
  const making = { failed: false, error: undefined as unknown };
  const nextPiece = (): IteratorResult<string> => {
    try {
      return pieces.next();
    } catch (error) {
      Object.assign(making, { failed: true, error });
      throw error;
    }
  };
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', mode);
    created = true;
    cleanupOnExit.paths.add(temp);
    try {
      // The umask may have narrowed the bits asked of open(): set them as asked (an existing report's own).
      await handle.chmod(mode);
      // FileHandle.writeFile loops over short writes (write() alone may write part of a piece) and, on a fresh
      // handle, each call continues where the previous one ended.
      for (let piece = nextPiece(); !piece.done; piece = nextPiece()) {
        stopped();
        await handle.writeFile(piece.value, 'utf8');
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    stopped();
    await fs.rename(temp, path);
    created = false;
    cleanupOnExit.paths.delete(temp);
  } catch (error) {
    if (created) await fs.rm(temp, { force: true }).catch(() => undefined);
    cleanupOnExit.paths.delete(temp);
    if (error instanceof InterruptedError) throw error;
    if (making.failed && error === making.error) throw error;
    throw new UsageError(`cannot write ${path}: ${describeFileError(error)}`, { cause: error });
  }
  await syncFolder(fs, folder);
}
