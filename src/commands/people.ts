/**
 * `people`: one person across the configured accounts (design.md section 14). The directory file is read first,
 * so a bad one costs no API call; the accounts are audited as for `users` (auditAll), then merged by email.
 */
import { resolve } from 'node:path';
import { flaggedOnly, mergePeople, type PeopleReport } from '../audit/index.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import type { Rendered, TableOptions } from '../report/index.js';
import * as render from '../report/index.js';
import { renderPeopleHtml } from '../report/people-html.js';
import { auditAll } from './audit-all.js';
import { readDirectory } from './directory.js';
import type { FormatOf, PeopleOptions } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

const RENDERERS: Record<FormatOf<'people'>, (report: PeopleReport, table: TableOptions) => Rendered> = {
  table: (report, table) => render.renderPeopleTable(report, table),
  csv: (report) => render.renderPeopleCsv(report),
  json: (report) => render.peopleJsonChunks(report),
  markdown: (report) => render.renderPeopleMarkdown(report),
  html: (report) => renderPeopleHtml(report),
};

export async function runPeople(options: PeopleOptions, io: Io): Promise<Outcome> {
  const output = openOutput(io, options);
  let directory;
  if (options.directory !== undefined) {
    directory = await readDirectory(resolve(io.cwd, options.directory), options.directory, io.stop);
    output.log.verbose(`${options.directory}: ${directory.length} directory entries`);
  }
  // The directory file is an input: --output may not overwrite it (auditAll refuses it before any API call).
  const run = await auditAll(options, output, undefined, options.directory === undefined ? [] : [options.directory]);
  const merged = mergePeople(run.report, { prices: run.config.prices, currency: run.config.currency, directory });
  const report = options.flagged ? flaggedOnly(merged) : merged;
  await writeReport(output, run, RENDERERS[options.format](report, { chalk: output.chalk, width: output.width }));
  return outcomeOf(run.failures);
}
