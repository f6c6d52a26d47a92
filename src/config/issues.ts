/**
 * Problems as `path: message` lines (`accounts[1].url: must be an https URL`), from zod
 * issues and from validate.ts's own checks, sorted so one account's problems read together.
 */
import type * as z from 'zod';
import { knownKeysAt } from './schema.js';
import { didYouMean } from './suggest.js';

export type ProblemPath = readonly PropertyKey[];
export interface Problem {
  readonly path: ProblemPath;
  readonly message: string;
  /** Where the problem is, when that is not `path` itself: an unknown key whose name is not shown. */
  readonly at?: ProblemPath;
}

/**
 * Where a path is in the file, `line 3, column 5`, when the parser knows (YAML and JSON files); undefined when not.
 */
export type Locate = (path: ProblemPath) => string | undefined;

/**
 * A key is named in a message only when it reads as a key name: a file that is not a config at all (a symlink to
 * /etc/shadow, a .env file) has "keys" that are whole lines of its content, which a CI log must never show.
 */
const SHOWN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;
const SHOWN_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,39}$/u;
export const isShownKey = (key: string): boolean => SHOWN_KEY.test(key);

/**
 * `accounts[1].url`, `policy.accounts["prod eu"].max_seats`; the empty path is the whole file. A key that does not
 * read as a name is shown as `[…]` (see SHOWN_KEY), with its line and column added by `renderProblems`.
 */
export function formatPath(path: ProblemPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && isShownKey(key)) out += out === '' ? key : `.${key}`;
    else if (typeof key === 'string' && SHOWN_NAME.test(key)) out += `[${JSON.stringify(key)}]`;
    else out += '[…]';
  }
  return out;
}

const hidesKey = (path: ProblemPath): boolean => formatPath(path).includes('[…]');

/** Keys people carry over from looker.ini or other tools, too far from ours for an edit-distance match. */
const ALIASES: Readonly<Record<string, string>> = {
  base_url: 'url',
  verify_tls: 'verify_ssl',
  secret: 'client_secret',
  client_secret_path: 'client_secret_file',
  client_secret_var: 'client_secret_env',
  ca_bundle: 'ca_file',
  rule_set: 'rules',
  max_concurrency: 'concurrency',
  parallelism: 'concurrency',
};

/** An unknown key whose name is not shown (see SHOWN_KEY): told by its place, under its parent's path. */
export function hiddenKeyProblem(parent: ProblemPath, key: string, what = 'the right file'): Problem {
  return {
    path: parent,
    message: `an unknown key (not shown: it is not a key name; is this ${what}?)`,
    at: [...parent, key],
  };
}

function unknownKey(key: string, known: readonly string[], atTop: boolean): string {
  // The config has no defaults section: `concurrency: 4` at the top would otherwise be "did you mean currency".
  if (atTop && knownKeysAt(['accounts', 0]).includes(key))
    return 'unknown key at the top level: it is an account key, set it under each account in `accounts`';
  const alias = ALIASES[key];
  return alias !== undefined && known.includes(alias)
    ? `unknown key (did you mean "${alias}"?)`
    : `unknown key${didYouMean(key, known)}`;
}

export function fromZodIssues(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.flatMap((issue): Problem[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) =>
          isShownKey(key)
            ? { path: [...issue.path, key], message: unknownKey(key, knownKeysAt(issue.path), issue.path.length === 0) }
            : hiddenKeyProblem(issue.path, key),
        )
      : [{ path: issue.path, message: issue.message }],
  );
}

function compareKeys(a: PropertyKey | undefined, b: PropertyKey | undefined): number {
  if (a === undefined || b === undefined) return a === undefined ? (b === undefined ? 0 : -1) : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/**
 * Sorted by path (array indexes numerically), stable, duplicates removed; each rendered `path: message`, and
 * `line L, column C: path: message` where the path hides a key and `locate` knows where it is.
 */
export function renderProblems(problems: readonly Problem[], locate?: Locate): string[] {
  const sorted = [...problems].sort((x, y) => {
    for (let i = 0; i < Math.max(x.path.length, y.path.length); i += 1) {
      const order = compareKeys(x.path[i], y.path[i]);
      if (order !== 0) return order;
    }
    return 0;
  });
  const lines = sorted.map(({ path, message, at }) => {
    const where = at !== undefined ? locate?.(at) : hidesKey(path) ? locate?.(path) : undefined;
    const text = path.length === 0 ? message : `${formatPath(path)}: ${message}`;
    return where === undefined ? text : `${where}: ${text}`;
  });
  return [...new Set(lines)];
}
