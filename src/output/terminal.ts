/**
 * Colour and interactivity are decided once, here, and passed down.
 * chalk does not honour NO_COLOR by itself (chalk/chalk#547, chalk/supports-color#74), so the level is set explicitly.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { OutStream } from './io.js';

export function shouldUseColor(env: NodeJS.ProcessEnv, stream: OutStream, colorFlag: boolean): boolean {
  if (!colorFlag) return false;
  // https://no-color.org: present and not empty disables colour.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createChalk(useColor: boolean): ChalkInstance {
  return new Chalk({ level: useColor ? 1 : 0 });
}

/**
 * The spinner shows only on an interactive stderr, for the human-readable format: never in a pipe, a log or CI.
 * A TTY that reports no width (`script`, some CI runners) is skipped: ora divides by the column count when it
 * clears its lines, and with 0 columns it never stops clearing.
 */
export function shouldShowProgress(options: {
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  format: string;
  quiet: boolean;
}): boolean {
  const { stderr } = options;
  return (
    stderr.isTTY === true &&
    (stderr.columns ?? 0) > 0 &&
    options.format === 'table' &&
    !options.quiet &&
    !options.env.CI
  );
}

/** Terminal width for table layout: the stream's, else $COLUMNS, else 100 (files and pipes get a roomy default). */
export function terminalWidth(stream: OutStream, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY && stream.columns) return stream.columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : 100;
}
