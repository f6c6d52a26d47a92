/**
 * What a command reports back. Only cli/ turns it into an exit code (README, "Exit codes"); expected failures
 * (usage, config, input files) are thrown as typed errors instead.
 */
export type Outcome =
  /** Done: every account audited, nothing to flag. */
  | 'ok'
  /** `check` audited every account and found policy violations. */
  | 'violations'
  /** At least one account could not be audited; the others were reported. */
  | 'accounts-failed'
  /** `apply` or `undo`: some items drifted, failed or were not attempted; the others were done. */
  | 'incomplete';

export function outcomeOf(failures: readonly unknown[]): Outcome {
  return failures.length > 0 ? 'accounts-failed' : 'ok';
}
