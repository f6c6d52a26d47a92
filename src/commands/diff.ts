/**
 * `diff <old.json> <new.json>`: what changed between two `users --format json` snapshots. No config, no network.
 * Outcome ok whether or not anything changed; exit 2 when a file is unreadable or not a snapshot (the file is named).
 */
import { diffSnapshots } from '../audit/index.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { resolveOutputPath, writeReport } from '../output/write-report.js';
import { diffJsonChunks, renderDiffCsv, renderDiffMarkdown, renderDiffTable } from '../report/index.js';
import type { DiffOptions } from './options.js';
import type { Outcome } from './outcome.js';
import { readSnapshotFile } from './read-snapshot.js';

export async function runDiff(options: DiffOptions, io: Io): Promise<Outcome> {
  const { format } = options;
  const outputPath = await resolveOutputPath(options.output, io.cwd, [options.oldFile, options.newFile]);
  const before = await readSnapshotFile(io.cwd, options.oldFile, io.stop);
  const after = await readSnapshotFile(io.cwd, options.newFile, io.stop);
  const output = openOutput(io, options);
  const diff = diffSnapshots(before, after);
  const content =
    format === 'json'
      ? diffJsonChunks(diff)
      : format === 'csv'
        ? renderDiffCsv(diff)
        : format === 'markdown'
          ? renderDiffMarkdown(diff)
          : renderDiffTable(diff, { chalk: output.chalk, width: output.width });
  await writeReport(output, { outputPath, failures: [] }, content);
  return 'ok';
}
