/**
 * Reading a snapshot (the JSON report of `users --format json`) from its text. PURE: the caller reads the file.
 * Every way it can fail is one InputFileError (exit 2) naming the file and, inside it, the path of each problem,
 * e.g. `old.json: accounts[0].users[3].license: must be one of developer, standard, viewer, none`.
 */
import { InputFileError } from '../errors.js';
import { snapshotSchema } from './schema.js';
import type { SnapshotDocument } from './types.js';

/** As many problems as a person reads in one line; the message says how many there were in all. */
const MAX_PROBLEMS = 10;
const EXPECTED = 'expected the JSON report of `users --format json`';

/** `accounts[0].users[3].license`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

/** Parses and validates a snapshot; throws an InputFileError naming `file` (as given on the command line). */
export function parseSnapshot(text: string, file: string): SnapshotDocument {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputFileError(file, [`empty file: ${EXPECTED}`]);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new InputFileError(file, [`not JSON (${(error as Error).message}): ${EXPECTED}`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputFileError(file, ['must be a JSON object: the report of `users --format json`']);
  }
  // The version first and alone: a snapshot of another version would otherwise list every field it renamed.
  const version = (data as { schema_version?: unknown }).schema_version;
  if (version === undefined) throw new InputFileError(file, [`schema_version: missing: ${EXPECTED}`]);
  if (version !== 1) {
    // A scalar is shown (cut short), a list or object is not: the message never repeats a file's content.
    const shown =
      version === null || typeof version !== 'object'
        ? String(JSON.stringify(version)).slice(0, 20)
        : 'a list or object';
    throw new InputFileError(file, [`schema_version: ${shown} is not supported (this version reads 1)`]);
  }
  const result = snapshotSchema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new InputFileError(file, problems.slice(0, MAX_PROBLEMS), { total: problems.length });
}
