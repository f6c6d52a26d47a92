/**
 * Reading a snapshot file named on the command line (`diff <old> <new>`, `check --baseline <file>`, `--history`):
 * whatever goes wrong (missing, unreadable, a folder, empty, not JSON, not a snapshot) is one InputFileError,
 * exit 2, naming the file as the user wrote it.
 *
 * A regular file is read in pieces, its users parsed as their bytes arrive (snapshot/split.ts), so a large
 * snapshot is never held as bytes, text and objects at once. A file the piece-wise reading does not take (not
 * JSON, or JSON of an unexpected shape) is read again whole, so what is said about it is what parseSnapshot says
 * of its text. Anything else (a pipe: `diff <(ssh host cat old.json) new.json`) can be read only once: whole.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeFileError, InputFileError } from '../../errors.js';
import { checkSnapshot, parseSnapshot } from '../../snapshot/parse.js';
import { splitSnapshot } from '../../snapshot/split.js';
import type { SnapshotDocument } from '../../snapshot/types.js';

const cannotRead = (file: string, error: unknown) =>
  new InputFileError(file, [`cannot read: ${describeFileError(error)}`], { cause: error });

export async function readSnapshotFile(cwd: string, file: string): Promise<SnapshotDocument> {
  const path = resolve(cwd, file);
  const regular = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
  if (regular) {
    const splitter = splitSnapshot();
    try {
      for await (const chunk of createReadStream(path)) splitter.push(chunk as Buffer);
    } catch (error) {
      throw cannotRead(file, error);
    }
    const document = splitter.end();
    if (document !== undefined) return checkSnapshot(document, file);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw cannotRead(file, error);
  }
  return parseSnapshot(text, file);
}
