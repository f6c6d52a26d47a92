/**
 * What a command needs to reach a person, decided once: colours for the report and for stderr, the logger, and
 * the table width.
 */
import type { ChalkInstance } from 'chalk';
import type { Io } from './io.js';
import { createLogger, type Logger } from './log.js';
import { createChalk, shouldUseColor, terminalWidth } from './terminal.js';

export interface OutputOptions {
  /** The report goes to this file (no colour, every column) instead of stdout. */
  readonly output?: string;
  /** --output-mode: permission bits of a new report file (default 0600). */
  readonly outputMode?: number;
  readonly color: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

export interface Output {
  readonly io: Io;
  /** Colours for the report (stdout, or none when written to a file). */
  readonly chalk: ChalkInstance;
  readonly log: Logger;
  /** Table width when the report goes to a terminal; undefined for files and pipes (every column shown). */
  readonly width: number | undefined;
  readonly quiet: boolean;
  readonly outputMode: number | undefined;
}

export function openOutput(io: Io, options: OutputOptions): Output {
  const toFile = options.output !== undefined;
  const reportColor = !toFile && shouldUseColor(io.env, io.stdout, options.color);
  const logColor = shouldUseColor(io.env, io.stderr, options.color);
  return {
    io,
    chalk: createChalk(reportColor),
    log: createLogger(io.stderr, createChalk(logColor), options),
    width: !toFile && io.stdout.isTTY ? terminalWidth(io.stdout, io.env) : undefined,
    quiet: options.quiet,
    outputMode: options.outputMode,
  };
}
