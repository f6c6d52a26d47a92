/**
 * The one reader of every file a run takes as input (the config, a rules file, `client_secret_file`, `ca_file`,
 * `--directory`, a snapshot of `diff`, `--baseline` or `--history`, a Prometheus textfile being replaced): every
 * wait bounded, every read capped, nothing of the content in an error.
 *
 * - The path is opened with O_NONBLOCK and judged by what the open descriptor is (fstat), never by a stat of the
 *   path before it: a blocking open of a named pipe waits in a libuv thread until a writer comes, and such a thread
 *   also keeps `process.exit` from ending the process (it joins the thread pool), so a pipe given as a config or a
 *   `<(vault read ...)` would otherwise hang the run past every signal.
 * - A named pipe is read as a stream that a timer and the stop signal can end: it must deliver its content and
 *   close within the time limit (default 10 s), and not more than the size limit.
 * - A device or socket (`/dev/zero`, `/dev/urandom`, a tty) is refused unread: no limit makes it a file.
 * - A regular file over the size limit is refused unread; one that grows while it is read stops at the limit.
 *
 * Errors are InputProblem: a reason in our own words (the file's name is the caller's to add), never its content.
 */
import { constants, fstat, open, read, close, type Stats } from 'node:fs';
import { constants as bufferConstants } from 'node:buffer';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { describeFileError, stoppedBy } from './errors.js';

export interface InputLimits {
  /** The largest content accepted, in bytes. */
  readonly maxBytes: number;
  /** How long a named pipe may take to deliver everything and close (default 10 s). */
  readonly pipeTimeoutMs?: number;
  /** Only a regular file is read (a Prometheus textfile being replaced): anything else is `not-a-file`. */
  readonly regularOnly?: boolean;
  /** The user's stop (SIGINT/SIGTERM): a read in progress ends at once with InterruptedError. */
  readonly signal?: AbortSignal;
}

export type InputProblemKind = 'unreadable' | 'folder' | 'device' | 'not-a-file' | 'too-large' | 'pipe-timeout';

/** Why an input could not be read, worded without any of its content. */
export class InputProblem extends Error {
  override readonly name = 'InputProblem';
  readonly kind: InputProblemKind;
  constructor(kind: InputProblemKind, reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.kind = kind;
  }
}

export const DEFAULT_PIPE_TIMEOUT_MS = 10_000;
const CHUNK = 1024 * 1024;
const { MAX_STRING_LENGTH } = bufferConstants;

/** `64 KiB`, `1 MiB`, `1 GiB`: the limits as the README states them. */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1 && value % 1024 === 0) {
    value /= 1024;
    unit += 1;
  }
  return `${value} ${units[unit]}`;
}

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const closeFd = promisify(close);
const readFd = promisify(read);

/** The whole content of an input file, within the limits (see the file comment). */
export async function readInputFile(path: string, limits: InputLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await readInputChunks(path, limits, (chunk) => chunks.push(chunk));
  return Buffer.concat(chunks);
}

/** The same as text (UTF-8; a byte-order mark dropped). */
export async function readInputText(path: string, limits: InputLimits): Promise<string> {
  const bytes = await readInputFile(path, limits);
  // UTF-8 never decodes to more characters than bytes: this is the one text JavaScript could not hold.
  if (bytes.length > MAX_STRING_LENGTH)
    throw new InputProblem(
      'too-large',
      `it is larger than ${sizeText(512 * 1024 * 1024)}, the longest text read whole`,
    );
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The content in pieces as it is read (a large snapshot is parsed while it arrives), within the limits. `onChunk`
 * gets each piece once; a rejection means the content is incomplete.
 */
export async function readInputChunks(
  path: string,
  limits: InputLimits,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  const { signal } = limits;
  if (signal?.aborted) throw stoppedBy(signal, `${path} was not read`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe for reading returns at once (see the file comment); a regular file or a
    // device ignores it. Windows has no such flag, and no named pipes in the file system either.
    fd = await openFd(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new InputProblem('unreadable', describeFileError(error), { cause: error });
  }
  let info: Stats;
  try {
    info = await fstatFd(fd);
  } catch (error) {
    await closeFd(fd).catch(() => undefined);
    throw new InputProblem('unreadable', describeFileError(error), { cause: error });
  }
  if (info.isFile()) return readRegular(fd, info.size, limits, onChunk);
  if (info.isFIFO() && limits.regularOnly !== true) return readPipe(fd, path, limits, onChunk);
  await closeFd(fd).catch(() => undefined);
  if (info.isDirectory()) throw new InputProblem('folder', 'it is a folder, not a file');
  if (limits.regularOnly) throw new InputProblem('not-a-file', 'it is not a regular file');
  throw new InputProblem('device', 'it is a device or socket, not a file');
}

function tooLarge(limit: number): InputProblem {
  return new InputProblem('too-large', `it is larger than ${sizeText(limit)}, the most accepted here`);
}

async function readRegular(
  fd: number,
  size: number,
  limits: InputLimits,
  onChunk: (chunk: Buffer) => void,
): Promise<void> {
  try {
    if (size > limits.maxBytes) throw tooLarge(limits.maxBytes);
    let total = 0;
    // Files under /proc report size 0 and have content: read until the end, never past the limit.
    for (;;) {
      if (limits.signal?.aborted) throw stoppedBy(limits.signal, 'an input file was not read');
      const buffer = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await readFd(fd, buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      total += bytesRead;
      if (total > limits.maxBytes) throw tooLarge(limits.maxBytes);
      onChunk(bytesRead === CHUNK ? buffer : buffer.subarray(0, bytesRead));
    }
  } catch (error) {
    if (error instanceof InputProblem || (error as { name?: string }).name === 'InterruptedError') throw error;
    throw new InputProblem('unreadable', describeFileError(error), { cause: error });
  } finally {
    await closeFd(fd).catch(() => undefined);
  }
}

function readPipe(fd: number, path: string, limits: InputLimits, onChunk: (chunk: Buffer) => void): Promise<void> {
  const timeoutMs = limits.pipeTimeoutMs ?? DEFAULT_PIPE_TIMEOUT_MS;
  const { signal } = limits;
  return new Promise<void>((resolve, reject) => {
    const socket = new Socket({ fd, readable: true, writable: false });
    let size = 0;
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(stoppedBy(signal as AbortSignal, `${path} was not read`));
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () =>
        finish(
          new InputProblem(
            'pipe-timeout',
            `it is a named pipe that did not deliver its content and close within ${Math.round(timeoutMs / 100) / 10} s (is anything writing to it?)`,
          ),
        ),
      timeoutMs,
    );
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes)
        finish(new InputProblem('too-large', `it is a named pipe that gave more than ${sizeText(limits.maxBytes)}`));
      else onChunk(chunk);
    });
    socket.on('end', () => finish(null));
    socket.on('error', (error) => finish(new InputProblem('unreadable', describeFileError(error), { cause: error })));
    // Stopped while the pipe was being opened: no event will come for it.
    if (signal?.aborted) onAbort();
  });
}
