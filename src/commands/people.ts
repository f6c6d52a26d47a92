/**
 * `people`: one person across the configured accounts (README, "people"). The directory file is read first,
 * so a bad one costs no API call; the accounts are audited as for `users` (auditAll), then merged by email.
 */
import { resolve } from 'node:path';
import { flaggedOnly, mergePeople, type PeopleReport } from '../audit/index.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import type { TableOptions } from '../report/index.js';
import * as render from '../report/index.js';
import { renderPeopleHtml } from '../report/people-html.js';
import { auditAll } from './shared/audit-all.js';
import { readDirectory } from './shared/directory.js';
import type { Renderers } from './shared/formats.js';
import type { PeopleOptions } from './shared/options.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';

const RENDERERS: Renderers<'people', { readonly report: PeopleReport; readonly table: TableOptions }> = {
  table: ({ report, table }) => render.renderPeopleTable(report, table),
  csv: ({ report }) => render.renderPeopleCsv(report),
  json: ({ report }) => render.peopleJsonChunks(report),
  markdown: ({ report }) => render.renderPeopleMarkdown(report),
  html: ({ report }) => renderPeopleHtml(report),
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
  const table = { chalk: output.chalk, width: output.width };
  await writeReport(output, run, await RENDERERS[options.format]({ report, table }));
  return outcomeOf(run.failures);
}
