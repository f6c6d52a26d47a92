/**
 * `--history <dir|files...>`: the earlier `users --format json` snapshots behind the trend chart. A folder stands
 * for the `.json` files directly inside it. Each file is read and checked as `diff` reads its inputs (one
 * InputFileError naming the file, exit 2), before any API call is spent.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withPlausibleSeats } from '../../audit/history.js';
import { describeFileError, InputFileError } from '../../errors.js';
import type { SnapshotDocument } from '../../snapshot/types.js';
import { readSnapshotFile } from './read-snapshot.js';

/** The snapshots named by `paths`, and the files they came from (which --output may not be: see auditAll). */
export async function readHistory(
  cwd: string,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<{ readonly files: string[]; readonly snapshots: SnapshotDocument[]; readonly warnings: string[] }> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(resolve(cwd, path)).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    let names: string[];
    try {
      names = await readdir(resolve(cwd, path));
    } catch (error) {
      throw new InputFileError(path, [`cannot read the folder: ${describeFileError(error)}`], { cause: error });
    }
    const json = names.filter((name) => name.toLowerCase().endsWith('.json')).sort();
    if (json.length === 0) throw new InputFileError(path, ['no .json snapshot in this folder']);
    files.push(...json.map((name) => join(path, name)));
  }
  const snapshots: SnapshotDocument[] = [];
  for (const file of files) {
    // Checked whole, kept without users: the trend reads each account's seat counts only (audit/history.ts), and
    // a year of weekly snapshots of a large org would otherwise be held user by user until the report is written.
    const { accounts, ...head } = await readSnapshotFile(cwd, file, signal);
    snapshots.push({ ...head, accounts: accounts.map((a) => ({ ...a, users: [] })) });
  }
  return { files, ...withPlausibleSeats(snapshots, files) };
}
