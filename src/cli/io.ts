/**
 * The process boundary as one injectable object: streams, environment, clock, paths.
 * Commands receive it instead of touching `process`, so tests run them in-process with fakes.
 */
import os from 'node:os';

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
  readonly now: () => Date;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM): `demo --serve` waits on it. */
  readonly interrupted: () => Promise<void>;
}

export function processIo(): CliIo {
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
