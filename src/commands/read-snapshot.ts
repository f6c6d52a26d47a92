/**
 * Reading a snapshot file named on the command line (`diff <old> <new>`, `check --baseline <file>`): whatever
 * goes wrong (missing, unreadable, a folder, empty, not JSON, not a snapshot) is one InputFileError, exit 2,
 * naming the file as the user wrote it.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputFileError } from '../errors.js';
import { parseSnapshot } from '../snapshot/parse.js';
import type { SnapshotDocument } from '../snapshot/types.js';

/** Node's error codes in words a person reads. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

export async function readSnapshotFile(cwd: string, file: string): Promise<SnapshotDocument> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = (code === undefined ? undefined : READ_ERRORS[code]) ?? code ?? 'unknown error';
    throw new InputFileError(file, [`cannot read: ${why}`], { cause: error });
  }
  return parseSnapshot(text, file);
}
