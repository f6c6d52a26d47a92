/**
 * stderr logger: stdout carries only the report. `quiet` silences progress and warnings (errors still print);
 * `verbose` adds per-request detail. Every line passes through the sanitiser: remote text is untrusted.
 */
import type { ChalkInstance } from 'chalk';
import { sanitize } from '../report/sanitize.js';
import type { OutStream } from './io.js';

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  verbose(line: string): void;
  readonly isVerbose: boolean;
}

export function createLogger(
  stderr: OutStream,
  chalk: ChalkInstance,
  level: { quiet: boolean; verbose: boolean },
): Logger {
  const write = (line: string) => stderr.write(`${sanitize(line)}\n`);
  return {
    info: (line) => {
      if (!level.quiet) write(line);
    },
    warn: (line) => {
      if (!level.quiet) write(chalk.yellow(`warning: ${line}`));
    },
    error: (line) => write(chalk.red(`error: ${line}`)),
    verbose: (line) => {
      if (level.verbose && !level.quiet) write(chalk.dim(line));
    },
    isVerbose: level.verbose && !level.quiet,
  };
}
