/**
 * Problems in a plan or journal file as `path: message`, from zod's issues and from the checks that span fields.
 * A path names keys and indexes only: a key that is not a plain word (a crafted key may carry escape sequences
 * or a secret pasted in the wrong place) is shown by its length, never by its text.
 */
import type * as z from 'zod';

export type ProblemPath = readonly PropertyKey[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** `accounts[0].items[3].steps[1].op`. */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[a key of ${String(key).length} characters]`;
  }
  return out;
}

export function problem(path: ProblemPath, message: string): string {
  return path.length === 0 ? message : `${formatPath(path)}: ${message}`;
}

/** One line per issue; an unknown key is named by its path (its value is never shown). */
export function zodProblems(issues: readonly z.core.$ZodIssue[], prefix: ProblemPath = []): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => problem([...prefix, ...issue.path, key], 'unknown key'))
      : [problem([...prefix, ...issue.path], issue.message)],
  );
}
