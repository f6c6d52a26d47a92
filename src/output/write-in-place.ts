/**
 * Writing a report to a target that is written in place, like stdout: a named pipe, a socket, a character device
 * (`/dev/null`, `/dev/full`, a terminal). Every wait here ends when the run is stopped.
 *
 * A named pipe is opened with O_NONBLOCK: a plain open() for writing waits in a libuv thread until a reader
 * opens the other end, and that thread also keeps `process.exit` from ending the process (Node joins its thread
 * pool on exit), so `-o fifo` with no reader could be ended by SIGKILL only. Without a reader the non-blocking
 * open fails with ENXIO (open(2), FIFOs: "O_NONBLOCK | O_WRONLY ... no process has the FIFO open for reading");
 * it is tried again every 100 ms, for at most 60 s, and the stop signal ends the wait at once. The pipe is then
 * written as a stream, so a reader that stops reading holds up nothing but this write, which the signal also ends.
 */
import { close, constants, fstat, open, type Stats } from 'node:fs';
import { open as openHandle, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { describeFileError, UsageError } from '../errors.js';
import type { Rendered } from '../report/index.js';
import { writePieces } from './io.js';
import { interruptedWrite } from './write-atomic.js';

/** How long a named pipe given as --output may go without a reader before the run gives up. */
export const PIPE_READER_WAIT_MS = 60_000;
const RETRY_MS = 100;

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const closeFd = promisify(close);

export interface InPlaceOptions {
  readonly signal?: AbortSignal;
  /** Test seam: how long to wait for a reader (default 60 s). */
  readonly readerWaitMs?: number;
}

function cannotWrite(path: string, reason: string, cause?: unknown): UsageError {
  return new UsageError(`cannot write ${path}: ${reason}`, { cause });
}

/** The target opened without blocking: a pipe with no reader is retried until one comes, the limit, or a stop. */
async function openWithoutBlocking(path: string, options: InPlaceOptions): Promise<number> {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NONBLOCK ?? 0);
  const limit = options.readerWaitMs ?? PIPE_READER_WAIT_MS;
  const { signal } = options;
  for (let waited = 0; ; waited += RETRY_MS) {
    if (signal?.aborted) throw interruptedWrite(signal, path);
    try {
      return await openFd(path, flags, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw cannotWrite(path, describeFileError(error), error);
      // ENXIO: a named pipe that nobody reads yet, or a socket, which cannot be opened by name at all.
      if ((await stat(path).catch(() => undefined))?.isSocket()) throw cannotWrite(path, describeFileError(error));
      if (waited >= limit)
        throw cannotWrite(path, `no reader opened this named pipe within ${Math.round(limit / 1000)} s`, error);
      await delay(RETRY_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}

async function writeToPipe(fd: number, path: string, content: Rendered, signal: AbortSignal | undefined) {
  const socket = new Socket({ fd, readable: false, writable: true });
  let failure: Error | undefined;
  socket.on('error', (error) => {
    failure ??= error;
  });
  const stop = () => socket.destroy();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await writePieces(socket, content, signal);
    if (signal?.aborted) throw interruptedWrite(signal, path);
    if (failure === undefined && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
      });
    }
    if (signal?.aborted) throw interruptedWrite(signal, path);
    if (failure !== undefined) {
      const code = (failure as NodeJS.ErrnoException).code;
      throw cannotWrite(path, code === 'EPIPE' ? 'the reader closed the pipe' : describeFileError(failure), failure);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    socket.destroy();
  }
}

async function writeToDevice(path: string, content: Rendered, signal: AbortSignal | undefined) {
  let handle;
  try {
    handle = await openHandle(path, 'w');
  } catch (error) {
    throw cannotWrite(path, describeFileError(error), error);
  }
  try {
    for (const piece of typeof content === 'string' ? [content] : content) {
      if (signal?.aborted) throw interruptedWrite(signal, path);
      await handle.writeFile(piece, 'utf8');
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { name?: string }).name === 'InterruptedError') throw error;
    throw cannotWrite(path, describeFileError(error), error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Writes `content` to a pipe, socket or device named `path` (see the file comment). */
export async function writeInPlace(path: string, content: Rendered, options: InPlaceOptions = {}): Promise<void> {
  const fd = await openWithoutBlocking(path, options);
  let info: Stats;
  try {
    info = await fstatFd(fd);
  } catch (error) {
    await closeFd(fd).catch(() => undefined);
    throw cannotWrite(path, describeFileError(error), error);
  }
  if (info.isFIFO() || info.isSocket()) return writeToPipe(fd, path, content, options.signal);
  // A device (or a file under /dev or /proc): written with blocking writes, as before; its open does not wait.
  await closeFd(fd).catch(() => undefined);
  return writeToDevice(path, content, options.signal);
}
