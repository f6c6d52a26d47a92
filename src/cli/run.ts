/**
 * Runs the CLI with an injected process boundary and returns the exit code: the one place where a command's
 * outcome or error becomes one (the README's "Exit codes"; docs/architecture.md). Expected errors (usage, config, input files) print one
 * line on stderr, never a stack; anything else is a bug and prints its stack.
 */
import { CommanderError } from 'commander';
import type { Outcome } from '../commands/shared/outcome.js';
import { ExitCode, exitCodeFor } from '../errors.js';
import type { Io } from '../output/io.js';
import { sanitize } from '../sanitize.js';
import { buildProgram } from './program.js';

const EXIT_CODES: Record<Outcome, number> = {
  ok: ExitCode.ok,
  violations: ExitCode.violations,
  'accounts-failed': ExitCode.account,
  incomplete: ExitCode.incomplete,
};

export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  let outcome: Outcome = 'ok';
  const program = buildProgram(io, (result) => {
    outcome = result;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_CODES[outcome];
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
