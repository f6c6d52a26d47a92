/**
 * `users`, `summary`, `roles`, `groups` (and `demo`): one audit, one of four views, in one of three formats.
 */
import { filterReport, summarise, type AuditReport } from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import * as render from '../report/index.js';
import type { Rendered, TableOptions } from '../report/index.js';
import { auditAll } from './audit-all.js';
import type { AuditViewName, AuditViewOptions, FormatOf } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

type Format = FormatOf<'users'>;

interface ViewInput {
  readonly report: AuditReport;
  readonly config: AuditConfig;
  readonly table: TableOptions;
  readonly now: Date;
  readonly inactiveDays: number | undefined;
}

/** Each view in each format: one string, or pieces written as they are made (a large CSV). */
type ViewRenderers = Record<Format, (input: ViewInput) => Rendered>;

const VIEWS: Record<AuditViewName, ViewRenderers> = {
  users: {
    table: ({ report, table }) => render.renderUsersTable(report, table),
    csv: ({ report }) => render.usersCsvChunks(report),
    json: ({ report }) => render.renderUsersJson(report),
  },
  summary: {
    table: (input) => render.renderSummaryTable(summaryOf(input), input.table),
    csv: (input) => render.renderSummaryCsv(summaryOf(input)),
    json: (input) => render.renderSummaryJson(summaryOf(input)),
  },
  roles: {
    table: ({ report, table }) => render.renderRolesTable(report, table),
    csv: ({ report }) => render.renderRolesCsv(report),
    json: ({ report }) => render.renderRolesJson(report),
  },
  groups: {
    table: ({ report, table }) => render.renderGroupsTable(report, table),
    csv: ({ report }) => render.renderGroupsCsv(report),
    json: ({ report }) => render.renderGroupsJson(report),
  },
};

function summaryOf({ report, config, now, inactiveDays }: ViewInput) {
  return summarise(report, { prices: config.prices, inactiveDays, now });
}

export async function runAuditView(options: AuditViewOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const { view, format, filter } = options;
  const output = openOutput(io, options);
  const run = await auditAll(options, output, preloaded);
  const now = io.now();
  const inactiveDays = options.inactiveDays ?? (view === 'summary' ? run.config.inactiveDays : undefined);
  const filtered = filter.licenses !== undefined || filter.status !== 'all' || inactiveDays !== undefined;
  const report =
    view === 'users' && filtered
      ? filterReport(run.report, { licenses: filter.licenses, status: filter.status, inactiveDays, now })
      : run.report;
  const input: ViewInput = {
    report,
    config: run.config,
    table: { chalk: output.chalk, width: output.width },
    now,
    inactiveDays,
  };
  const content = VIEWS[view][format](input);
  await writeReport(output, run, content);
  // What the run cost, on stderr: stdout carries only the report (JSON also carries api_calls per account).
  if (format === 'table') output.log.info(callsFooter(run.report));
  return outcomeOf(run.failures);
}

function callsFooter(report: AuditReport): string {
  return `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}`;
}
