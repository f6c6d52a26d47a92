/**
 * `users`, `summary`, `roles`, `groups` (and `demo`): one audit, printed as the command asks, in one of its formats.
 */
import { filterReport, summarise, type AuditReport } from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import * as render from '../report/index.js';
import type { Rendered, TableOptions } from '../report/index.js';
import { auditAll } from './audit-all.js';
import type { AuditCommandName, AuditCommandOptions, FormatOf } from './options.js';
import { outcomeOf, type Outcome } from './outcome.js';

type Format = FormatOf<'users'>;

interface RenderInput {
  readonly report: AuditReport;
  readonly config: AuditConfig;
  readonly table: TableOptions;
  readonly now: Date;
  readonly inactiveDays: number | undefined;
}

/** Each command in each format: one string, or pieces written as they are made (a large CSV). */
type Renderers = Record<Format, (input: RenderInput) => Rendered>;

const RENDERERS: Record<AuditCommandName, Renderers> = {
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

function summaryOf({ report, config, now, inactiveDays }: RenderInput) {
  return summarise(report, { prices: config.prices, currency: config.currency, inactiveDays, now });
}

export async function runAuditCommand(options: AuditCommandOptions, io: Io, preloaded?: AuditConfig): Promise<Outcome> {
  const { command, format, filter } = options;
  const output = openOutput(io, options);
  const run = await auditAll(options, output, preloaded);
  const now = io.now();
  const inactiveDays = options.inactiveDays ?? (command === 'summary' ? run.config.inactiveDays : undefined);
  const filtered = filter.licenses !== undefined || filter.status !== 'all' || inactiveDays !== undefined;
  const report =
    command === 'users' && filtered
      ? filterReport(run.report, { licenses: filter.licenses, status: filter.status, inactiveDays, now })
      : run.report;
  const input: RenderInput = {
    report,
    config: run.config,
    table: { chalk: output.chalk, width: output.width },
    now,
    inactiveDays,
  };
  const content = RENDERERS[command][format](input);
  await writeReport(output, run, content);
  // What the run cost, on stderr: stdout carries only the report (JSON also carries api_calls per account).
  if (format === 'table') output.log.info(callsFooter(run.report));
  return outcomeOf(run.failures);
}

function callsFooter(report: AuditReport): string {
  return `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}`;
}
