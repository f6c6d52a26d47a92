/**
 * The process boundary as one injectable object: streams, environment, clock, paths.
 * Commands receive it instead of touching `process`, so tests run them in-process with fakes.
 */
import { EventEmitter, once } from 'node:events';
import os from 'node:os';

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
  readonly now: () => Date;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM): `demo --serve` waits on it. */
  readonly interrupted: () => Promise<void>;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    home: os.homedir(),
    now: () => new Date(),
    interrupted: () =>
      new Promise((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}

/**
 * Writes a report, whole or in pieces, to `out`. When the stream asks the writer to wait (write() returned false:
 * an asynchronous pipe, as on macOS), the next piece waits for 'drain', so a large report never piles up in
 * memory; if the stream closes or fails meanwhile, writing stops (the reader is gone).
 */
export async function writePieces(out: OutStream, content: string | Iterable<string>): Promise<void> {
  for (const piece of typeof content === 'string' ? [content] : content) {
    if (out.write(piece) !== false || !(out instanceof EventEmitter)) continue;
    const stop = new AbortController();
    try {
      const drained = await Promise.race([
        once(out, 'drain', { signal: stop.signal }).then(() => true),
        once(out, 'close', { signal: stop.signal }).then(() => false),
      ]);
      if (!drained) return;
    } catch {
      return;
    } finally {
      stop.abort();
    }
  }
}
