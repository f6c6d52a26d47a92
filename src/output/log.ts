/**
 * stderr logger: stdout carries only the report. `quiet` silences progress and warnings (errors still print);
 * `verbose` adds per-request detail. Every line is sanitised (remote text is untrusted) before it is coloured:
 * the other way round, the sanitiser would strip the colour's own escape sequences.
 */
import type { ChalkInstance } from 'chalk';
import { sanitize } from '../sanitize.js';
import type { OutStream } from './io.js';

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  verbose(line: string): void;
}

export function createLogger(
  stderr: OutStream,
  chalk: ChalkInstance,
  level: { readonly quiet: boolean; readonly verbose: boolean },
): Logger {
  const write = (line: string, paint: (text: string) => string = (text) => text) =>
    stderr.write(`${paint(sanitize(line))}\n`);
  return {
    info: (line) => {
      if (!level.quiet) write(line);
    },
    warn: (line) => {
      if (!level.quiet) write(`warning: ${line}`, chalk.yellow);
    },
    error: (line) => write(`error: ${line}`, chalk.red),
    verbose: (line) => {
      if (level.verbose && !level.quiet) write(line, chalk.dim);
    },
  };
}
