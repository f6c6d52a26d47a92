/**
 * The error taxonomy and the exit codes (the README's "Exit codes"), in one place.
 * Expected errors print one line on stderr (no stack); anything else is a bug and prints its stack.
 */
export const ExitCode = {
  ok: 0,
  violations: 1,
  usage: 2,
  account: 3,
  incomplete: 4,
  internal: 70,
} as const;

/** A bad flag, an unknown account, an unreadable or unwritable file given on the command line: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.usage;
}

/** The config file (or a rules file) is missing or invalid. `problems` holds every problem, each `path: message`. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly exitCode = ExitCode.usage;
  readonly file: string | undefined;
  readonly problems: readonly string[];
  constructor(file: string | undefined, problems: readonly string[]) {
    super(
      file === undefined
        ? problems.join('; ')
        : problems.length === 1
          ? `${file}: ${problems[0]}`
          : `${file}: ${problems.length} problems: ${problems.join('; ')}`,
    );
    this.file = file;
    this.problems = problems;
  }
}

/**
 * A file named on the command line as input (a `diff` snapshot, a `check --baseline`) is missing, unreadable, a
 * folder, empty, not JSON or not a snapshot: exit 2. The message names the file as the user gave it; `problems`
 * holds each problem as `path: message` (at most a handful; `total` says how many there were).
 */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  readonly exitCode = ExitCode.usage;
  readonly file: string;
  readonly problems: readonly string[];
  readonly total: number;
  constructor(file: string, problems: readonly string[], options: { total?: number; cause?: unknown } = {}) {
    const total = Math.max(options.total ?? problems.length, problems.length);
    super(
      problems.length === 1 && total === 1
        ? `${file}: ${problems[0]}`
        : `${file}: ${total} problems${total > problems.length ? ` (the first ${problems.length})` : ''}: ${problems.join('; ')}`,
      { cause: options.cause },
    );
    this.file = file;
    this.problems = problems;
    this.total = total;
  }
}

/** An account could not be audited (login refused, network, API error after retries, call budget): exit 3. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  readonly exitCode = ExitCode.account;
  readonly account: string;
  constructor(account: string, message: string, options?: { cause?: unknown }) {
    super(`account "${account}": ${message}`, options);
    this.account = account;
  }
}

/**
 * The user stopped the run (SIGINT/SIGTERM): requests stopped, sessions logged out, temp files removed. Exits
 * 128 + the signal's number (130, 143).
 */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  readonly exitCode: number;
  readonly signal: string;
  constructor(signal: string, exitCode: number, what: string) {
    super(`stopped by ${signal}: ${what}`);
    this.signal = signal;
    this.exitCode = exitCode;
  }
}

/** The exit code of a run stopped by a signal: 128 + its number (SIGINT 130, SIGTERM 143), as shells report. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The error for a run the user stopped through `signal` (its reason is the signal's name), saying `what` happened. */
export function stoppedBy(signal: AbortSignal, what: string): InterruptedError {
  const name: StopSignal = signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  return new InterruptedError(name, SIGNAL_EXIT_CODES[name], what);
}

/** Any error that carries its own exit code is expected; everything else is internal. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InterruptedError) return error.exitCode;
  if (error && typeof error === 'object' && 'exitCode' in error) {
    const code = (error as { exitCode: unknown }).exitCode;
    if (code === 1 || code === 2 || code === 3) return code;
  }
  return ExitCode.internal;
}

/** Node's file-system error codes in words a person reads (`ENOENT` -> "no such file"). */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'the file already exists',
  ENXIO: 'no such device (a socket cannot be opened by name)',
};

export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && FILE_ERRORS[code] !== undefined) return FILE_ERRORS[code];
  return code ?? (error instanceof Error ? error.message : String(error));
}
