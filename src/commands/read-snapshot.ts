/**
 * Reading a snapshot file named on the command line (`diff <old> <new>`, `check --baseline <file>`): whatever
 * goes wrong (missing, unreadable, a folder, empty, not JSON, not a snapshot) is one InputFileError, exit 2,
 * naming the file as the user wrote it.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeFileError, InputFileError } from '../errors.js';
import { parseSnapshot } from '../snapshot/parse.js';
import type { SnapshotDocument } from '../snapshot/types.js';

export async function readSnapshotFile(cwd: string, file: string): Promise<SnapshotDocument> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new InputFileError(file, [`cannot read: ${describeFileError(error)}`], { cause: error });
  }
  return parseSnapshot(text, file);
}
