/**
 * `diff <old.json> <new.json>`: what changed between two `users --format json` snapshots. No config, no network.
 * Exit 0 whether or not anything changed; 2 when a file is unreadable or not a snapshot (the file is named).
 */
import { diffSnapshots } from '../audit/index.js';
import type { CliIo } from '../cli/io.js';
import { parseFormat, type GlobalOptions } from '../cli/options.js';
import { ExitCode } from '../errors.js';
import { renderDiffCsv, renderDiffJson, renderDiffTable, writeFileAtomic } from '../report/index.js';
import { readSnapshotFile } from './check.js';
import { checkOutputPath } from './load.js';
import { openSession } from './session.js';

const FORMATS = ['table', 'json', 'csv'] as const;

export async function runDiff(io: CliIo, globals: GlobalOptions, oldFile: string, newFile: string): Promise<number> {
  const format = parseFormat(globals.format, FORMATS, 'table');
  const outputPath = await checkOutputPath(globals.output, io.cwd);
  const before = await readSnapshotFile(io, oldFile, 'diff');
  const after = await readSnapshotFile(io, newFile, 'diff');
  const session = openSession(io, globals);
  const diff = diffSnapshots(before, after);
  const content =
    format === 'json'
      ? renderDiffJson(diff)
      : format === 'csv'
        ? renderDiffCsv(diff)
        : renderDiffTable(diff, { chalk: session.chalk, width: session.width });
  if (outputPath === undefined) {
    io.stdout.write(content);
  } else {
    await writeFileAtomic(outputPath, content);
    session.log.info(`Report written to ${outputPath}`);
  }
  return ExitCode.ok;
}
