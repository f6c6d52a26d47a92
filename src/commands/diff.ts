/**
 * `diff <old.json> <new.json>`: what changed between two `users --format json` snapshots. No config, no network.
 * Outcome ok whether or not anything changed; exit 2 when a file is unreadable or not a snapshot (the file is named).
 */
import type { SnapshotDiff } from '../audit/diff.js';
import { diffSnapshots } from '../audit/index.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { resolveOutputPath, writeReport } from '../output/write-report.js';
import {
  diffJsonChunks,
  renderDiffCsv,
  renderDiffMarkdown,
  renderDiffTable,
  type TableOptions,
} from '../report/index.js';
import type { Renderers } from './shared/formats.js';
import type { DiffOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';
import { readSnapshotFile } from './shared/read-snapshot.js';

const RENDERERS: Renderers<'diff', { readonly diff: SnapshotDiff; readonly table: TableOptions }> = {
  table: ({ diff, table }) => renderDiffTable(diff, table),
  json: ({ diff }) => diffJsonChunks(diff),
  csv: ({ diff }) => renderDiffCsv(diff),
  markdown: ({ diff }) => renderDiffMarkdown(diff),
};

export async function runDiff(options: DiffOptions, io: Io): Promise<Outcome> {
  const { format } = options;
  const outputPath = await resolveOutputPath(options.output, io.cwd, [options.oldFile, options.newFile]);
  const before = await readSnapshotFile(io.cwd, options.oldFile, io.stop);
  const after = await readSnapshotFile(io.cwd, options.newFile, io.stop);
  const output = openOutput(io, options);
  const diff = diffSnapshots(before, after);
  const content = await RENDERERS[format]({ diff, table: { chalk: output.chalk, width: output.width } });
  await writeReport(output, { outputPath, failures: [] }, content);
  return 'ok';
}
