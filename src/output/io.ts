/**
 * The process boundary as one injectable object: streams, environment, clock, paths.
 * Commands receive it instead of touching `process`, so tests run them in-process with fakes.
 */
import { EventEmitter, once } from 'node:events';
import { rmSync } from 'node:fs';
import os from 'node:os';
import type { Got } from 'got';
import { SIGNAL_EXIT_CODES, type StopSignal } from '../errors.js';

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  /** Only `init` reads it (its questions); absent in tests that never ask. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
  readonly now: () => Date;
  /** HTTP and time for the Looker clients (tests inject a got instance and a fake clock); default the real ones. */
  readonly http?: { readonly got?: Got; readonly now?: () => number; readonly sleep?: (ms: number) => Promise<void> };
  /**
   * Aborted when the user asks the tool to stop (SIGINT/SIGTERM; the reason is the signal's name): no request is
   * sent after it, open sessions are logged out, temp files removed. `demo --serve` waits
   * on it. Absent: never stopped.
   */
  readonly stop?: AbortSignal;
}

/**
 * How long a stopped run may take to log out before the process ends anyway: at most 5 s, so Ctrl-C is obeyed
 * promptly even when the server does not answer.
 * A second signal ends it at once.
 */
const STOP_GRACE_MS = 5_000;

/**
 * Sessions that may still be open: a fetch registers each account's while it runs (its logout is in its end), so
 * the forced exit after a stop says what did not finish, and only what did not.
 */
export const openSessions = { count: 0 };

/** The line of a run ended by the grace period after a stop: true to what was still going on. */
export function forcedStopLine(name: StopSignal, sessions: number): string {
  return sessions > 0
    ? `looker-audit: stopped by ${name}; logout did not finish within 5 s (the token expires on its own)`
    : `looker-audit: stopped by ${name}; the run did not end within 5 s`;
}

/**
 * stdout closed by its reader (`looker-audit --help | head -1`, `| true`): EPIPE is not a failure of the run. What
 * was still to be written goes nowhere, and the run ends with its own exit code, without a stack trace.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  if (stream.listenerCount('error') === 0)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  return stream;
}

export function processIo(): Io {
  const stop = new AbortController();
  const onSignal = (name: StopSignal) => {
    if (stop.signal.aborted) {
      cleanupOnExit.run();
      process.exit(SIGNAL_EXIT_CODES[name]);
    }
    stop.abort(name);
    setTimeout(() => {
      cleanupOnExit.run();
      process.stderr.write(`${forcedStopLine(name, openSessions.count)}\n`);
      process.exit(SIGNAL_EXIT_CODES[name]);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return {
    // Getters: Node builds each standard stream on first use (a TTY, pipe or file stream, and its modules); most
    // runs never read stdin, and --help writes only to stdout: what is never used is never built (start-up).
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return quietOnClosedPipe(process.stdout);
    },
    get stderr() {
      return quietOnClosedPipe(process.stderr);
    },
    env: process.env,
    cwd: process.cwd(),
    home: os.homedir(),
    now: () => new Date(),
    stop: stop.signal,
  };
}

/**
 * Files to remove if the process must end before the code that made them can (a forced exit after a signal):
 * the atomic writer's temp files register here while they exist.
 */
export const cleanupOnExit = {
  paths: new Set<string>(),
  run(): void {
    for (const path of this.paths) rmSync(path, { force: true });
    this.paths.clear();
  },
};

/**
 * Writes a report, whole or in pieces, to `out`. When the stream asks the writer to wait (write() returned false:
 * a pipe whose reader is slower than the writer), the next piece waits for 'drain', so a large report never piles
 * up in memory; if the stream closes or fails meanwhile, writing stops (the reader is gone), and so it does when
 * `signal` (the user's stop) fires: the caller then sees the signal aborted.
 */
export async function writePieces(
  out: OutStream,
  content: string | Iterable<string>,
  signal?: AbortSignal,
): Promise<void> {
  for (const piece of typeof content === 'string' ? [content] : content) {
    if (signal?.aborted) return;
    if (out.write(piece) !== false || !(out instanceof EventEmitter)) continue;
    const stop = new AbortController();
    const either = signal === undefined ? stop.signal : AbortSignal.any([stop.signal, signal]);
    try {
      const drained = await Promise.race([
        once(out, 'drain', { signal: either }).then(() => true),
        once(out, 'close', { signal: either }).then(() => false),
      ]);
      if (!drained) return;
    } catch {
      return;
    } finally {
      stop.abort();
    }
  }
}
