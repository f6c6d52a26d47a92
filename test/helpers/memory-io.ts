/** The process boundary in memory, for the CLI run in-process: what it writes, a fixed clock, no colour. */
import type { Io } from '../../src/output/io.js';

export type MemoryIo = Io & { out: () => string; err: () => string };

export function memoryIo(cwd: string, options: { env?: NodeJS.ProcessEnv; now?: string } = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', ...options.env },
    cwd,
    home: cwd,
    now: () => new Date(options.now ?? '2026-11-23T08:00:00Z'),
    out: () => out,
    err: () => err,
  };
}
