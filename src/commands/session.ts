/**
 * What every command needs from the process, decided once: colour, logger, width.
 */
import type { ChalkInstance } from 'chalk';
import type { CliIo } from '../cli/io.js';
import { createLogger, type Logger } from '../cli/log.js';
import type { GlobalOptions } from '../cli/options.js';
import { createChalk, shouldUseColor, terminalWidth } from '../cli/terminal.js';

export interface Session {
  readonly io: CliIo;
  readonly globals: GlobalOptions;
  /** Colours for the report (stdout, or none when written to a file). */
  readonly chalk: ChalkInstance;
  readonly log: Logger;
  /** Table width when the report goes to a terminal; undefined for files and pipes (every column shown). */
  readonly width: number | undefined;
}

export function openSession(io: CliIo, globals: GlobalOptions): Session {
  const toFile = globals.output !== undefined;
  const reportColour = !toFile && shouldUseColor(io.env, io.stdout, globals.color);
  const logColour = shouldUseColor(io.env, io.stderr, globals.color);
  return {
    io,
    globals,
    chalk: createChalk(reportColour),
    log: createLogger(io.stderr, createChalk(logColour), { quiet: globals.quiet, verbose: globals.verbose }),
    width: !toFile && io.stdout.isTTY ? terminalWidth(io.stdout, io.env) : undefined,
  };
}
