/**
 * Reading a snapshot file named on the command line (`diff <old> <new>`, `check --baseline <file>`, `--history`):
 * whatever goes wrong (missing, unreadable, a folder, empty, not JSON, not a snapshot) is one InputFileError,
 * exit 2, naming the file as the user wrote it.
 *
 * A regular file is read in pieces, its users parsed as their bytes arrive (snapshot/split.ts), so a large
 * snapshot is never held as bytes, text and objects at once: `diff` of two 300,000-user snapshots peaks at 561 MB
 * instead of 1,017 MB read whole (bench/tricks.js, BENCHMARKS.md). A file the piece-wise reading does not take (not
 * JSON, or JSON of an unexpected shape) is read again whole, so what is said about it is what parseSnapshot says
 * of its text. Anything else (a pipe: `diff <(ssh host cat old.json) new.json`) can be read only once: whole.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputFileError } from '../../errors.js';
import { InputProblem, readInputChunks, readInputText } from '../../input-file.js';
import { checkSnapshot, parseSnapshot } from '../../snapshot/parse.js';
import { splitSnapshot } from '../../snapshot/split.js';
import type { SnapshotDocument } from '../../snapshot/types.js';

/**
 * The largest snapshot read (diff, --baseline, --history): about 2 million users. Reading one costs about 1.5 times
 * its size in memory, so two of them (a diff) stay well within what Node gives a process by default.
 */
export const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

const cannotRead = (file: string, error: InputProblem) =>
  new InputFileError(file, [`cannot read: ${error.message}`], { cause: error });

export async function readSnapshotFile(cwd: string, file: string, signal?: AbortSignal): Promise<SnapshotDocument> {
  const path = resolve(cwd, file);
  const limits = { maxBytes: MAX_SNAPSHOT_BYTES, signal };
  const regular = await stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
  try {
    if (regular) {
      const splitter = splitSnapshot();
      await readInputChunks(path, limits, (chunk) => splitter.push(chunk));
      const document = splitter.end();
      if (document !== undefined) return checkSnapshot(document, file);
    }
    return parseSnapshot(await readInputText(path, limits), file);
  } catch (error) {
    if (error instanceof InputProblem) throw cannotRead(file, error);
    throw error;
  }
}
