/**
 * Runs the CLI with an injected process boundary and returns the exit code. Expected errors (usage, config,
 * account) print one line on stderr, never a stack; anything else is a bug and prints its stack.
 */
import { CommanderError } from 'commander';
import { ExitCode, exitCodeFor } from '../errors.js';
import { sanitize } from '../report/sanitize.js';
import type { CliIo } from './io.js';
import { buildProgram } from './program.js';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its one-line message; help and version are successes.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const code = exitCodeFor(error);
    if (code === ExitCode.internal) {
      io.stderr.write(
        `looker-audit: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    } else {
      io.stderr.write(`looker-audit: ${sanitize(error instanceof Error ? error.message : String(error))}\n`);
    }
    return code;
  }
}
