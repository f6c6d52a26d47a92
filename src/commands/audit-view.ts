/**
 * `users`, `summary`, `roles`, `groups` (and `demo`): one audit, one of four views, in one of three formats.
 */
import { filterReport, summarise, type AuditReport } from '../audit/index.js';
import type { CliIo } from '../cli/io.js';
import { parseChoices, parseFormat, parsePositiveInt, type GlobalOptions } from '../cli/options.js';
import type { AuditConfig, Tier } from '../config/types.js';
import * as render from '../report/index.js';
import type { Rendered, TableOptions } from '../report/index.js';
import { auditAll } from './audit-all.js';
import { emitReport } from './emit.js';
import { openSession } from './session.js';

export type AuditViewName = 'users' | 'summary' | 'roles' | 'groups';
const FORMATS = ['table', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface ViewInput {
  readonly report: AuditReport;
  readonly config: AuditConfig;
  readonly table: TableOptions;
  readonly now: Date;
  readonly inactiveDays: number | undefined;
}

// Tables are one string (a footer is appended); CSV and JSON may come in pieces.
type ViewRenderers = { readonly table: (input: ViewInput) => string } & Record<
  Exclude<Format, 'table'>,
  (input: ViewInput) => Rendered
>;

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

export async function runAuditView(
  io: CliIo,
  globals: GlobalOptions,
  view: AuditViewName,
  local: Record<string, unknown>,
  preloaded?: AuditConfig,
): Promise<number> {
  // Every flag is checked before the config is read or any API call is spent.
  const format = parseFormat(globals.format, FORMATS, 'table');
  const licenses = parseChoices<Tier>('--license', local.license as string[] | undefined, [
    'developer',
    'standard',
    'viewer',
    'none',
  ]);
  const status = parseChoices('--status', typeof local.status === 'string' ? [local.status] : undefined, [
    'active',
    'disabled',
    'all',
  ])?.[0];
  const inactiveFlag = parsePositiveInt(
    '--inactive-days',
    typeof local.inactiveDays === 'string' ? local.inactiveDays : undefined,
  );

  const session = openSession(io, globals);
  const run = await auditAll(session, format, preloaded);
  const now = io.now();
  const inactiveDays = inactiveFlag ?? (view === 'summary' ? run.config.inactiveDays : undefined);
  const report =
    view === 'users' &&
    (licenses !== undefined || (status !== undefined && status !== 'all') || inactiveDays !== undefined)
      ? filterReport(run.report, { licenses, status, inactiveDays, now })
      : run.report;
  const input: ViewInput = {
    report,
    config: run.config,
    table: { chalk: session.chalk, width: session.width },
    now,
    inactiveDays,
  };
  // Every report states the calls it cost: JSON carries api_calls, CSV's columns are fixed, tables get a footer.
  const content =
    format === 'table'
      ? `${VIEWS[view].table(input)}${session.chalk.dim(callsFooter(run.report))}\n`
      : VIEWS[view][format](input);
  return emitReport(session, run, content);
}

function callsFooter(report: AuditReport): string {
  return `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}`;
}
