/**
 * `users`, `summary`, `roles`, `groups` (and `demo`): one audit, printed as the command asks, in one of its formats.
 */
import {
  filterReport,
  seatHistory,
  summarise,
  type AuditedUser,
  type AuditReport,
  type HistoryPoint,
} from '../audit/index.js';
import type { AuditConfig } from '../config/types.js';
import { InputProblem, readInputText } from '../input-file.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { writeReport } from '../output/write-report.js';
import type * as Render from '../report/index.js';
import type { TableOptions } from '../report/index.js';
import { onlyLookerDisagreements } from '../audit/looker-flags.js';
import { lookerCsvColumns, type LookerLookup } from '../report/looker-verdict.js';
import { usageCsvColumns, usageTableColumns, type UsageLookup } from '../report/usage.js';
import { joinExtraColumns, usersCsvAhead, usersCsvChunks, type UsersCsvAhead } from '../report/users-csv.js';
import { auditAll } from './shared/audit-all.js';
import { readHistory } from './shared/history.js';
import type { Renderers } from './shared/formats.js';
import { renderHtml, type HtmlInput } from './shared/html-report.js';
import type { AuditCommandName, AuditCommandOptions } from './shared/options.js';
import { lookerLookupOf } from './shared/looker-lookup.js';
import { usageLookupOf } from './shared/usage-lookup.js';
import { outcomeOf, type Outcome } from './shared/outcome.js';

interface RenderInput extends HtmlInput {
  readonly table: TableOptions;
  /** The --output path, whose previous content the Prometheus textfile carries last-success times over from. */
  readonly outputPath: string | undefined;
  /** `users --usage`: each user's usage. */
  readonly usage?: UsageLookup;
  /** `users --compare`: each user's tier under Looker's own flags. */
  readonly looker?: LookerLookup;
  /** `users --format csv`: the rows rendered while the pages arrived. */
  readonly csvAhead?: UsersCsvAhead;
}

/**
 * The report code, loaded when the report is rendered: the login leaves before it is compiled. The users CSV needs
 * none of it (users-csv.ts), so `users --format csv` never loads the table, colour or Markdown code. (Loading it
 * while the pages were in flight was measured against this, in turns, twice: +4.4% and +0.9% on 20,000 users,
 * within the noise the second time, so it went.)
 */
let reportModule: Promise<typeof Render> | undefined;
const load = (): Promise<typeof Render> => (reportModule ??= import('../report/index.js'));

/** Each command in each format: one string, or pieces written as they are made (a large CSV); HTML draws charts first. */
const RENDERERS: { readonly [C in AuditCommandName]: Renderers<C, RenderInput> } = {
  users: {
    table: async (input) => {
      const render = await load();
      return render.renderUsersTable(
        input.report,
        input.table,
        [
          ...(input.usage === undefined ? [] : usageTableColumns(input.usage)),
          ...(input.looker === undefined ? [] : render.lookerTableColumns(input.looker)),
        ],
        await filterNoteOf(input),
      );
    },
    csv: ({ report, usage, looker, csvAhead }) =>
      usersCsvChunks(
        report,
        joinExtraColumns([
          usage === undefined ? undefined : usageCsvColumns(usage),
          looker === undefined ? undefined : lookerCsvColumns(looker),
        ]),
        csvAhead,
      ),
    // In pieces, like the CSV: the text of a million users is about what one string can hold.
    json: async ({ report, usage, looker }) => (await load()).usersJsonChunks(report, usage, looker),
    // --compare: the seats whose tier differs, with both tiers and reasons, instead of the users table.
    html: async (input) =>
      renderHtml(
        { ...input, usersNote: await filterNoteOf(input) },
        input.looker === undefined ? ['users'] : ['compare'],
      ),
  },
  summary: {
    table: async (input) => (await load()).renderSummaryTable(summaryOf(input), input.table),
    csv: async (input) => (await load()).renderSummaryCsv(summaryOf(input)),
    json: async (input) => (await load()).renderSummaryJson(summaryOf(input)),
    html: (input) => renderHtml(input, ['summary']),
    markdown: async (input) => (await load()).renderSummaryMarkdown(summaryOf(input)),
    prometheus: async (input) =>
      (await load()).renderSummaryPrometheus(summaryOf(input), {
        previousSuccess: await previousTextfile(input.outputPath),
      }),
  },
  roles: {
    table: async ({ report, table }) => (await load()).renderRolesTable(report, table),
    csv: async ({ report }) => (await load()).renderRolesCsv(report),
    json: async ({ report }) => (await load()).renderRolesJson(report),
  },
  groups: {
    table: async ({ report, table }) => (await load()).renderGroupsTable(report, table),
    csv: async ({ report }) => (await load()).renderGroupsCsv(report),
    json: async ({ report }) => (await load()).renderGroupsJson(report),
  },
};

/** A filtered users list says what it holds, seats counted as summary counts them (users.ts, seatNote). */
async function filterNoteOf({ usersNote, report }: RenderInput): Promise<string | undefined> {
  return usersNote === undefined ? undefined : `${usersNote}: ${(await load()).seatNote(report)}.`;
}

function summaryOf({ report, config, now, inactiveDays, lookerFlags }: RenderInput) {
  return summarise(report, {
    prices: config.prices,
    currency: config.currency,
    inactiveDays,
    now,
    ...(lookerFlags === undefined ? {} : { lookerFlags }),
  });
}

/** A textfile of many accounts is a few KiB: a larger target is not one this tool wrote. */
const MAX_TEXTFILE_BYTES = 1024 * 1024;

/**
 * Last-success times from the textfile this run replaces; none when there is no such file or it is not ours. Only a
 * regular file is read, and only so much of it: the target may be a pipe with a reader, /dev/stdout or a device.
 */
async function previousTextfile(path: string | undefined): Promise<ReadonlyMap<string, number> | undefined> {
  if (path === undefined) return undefined;
  const text = await readInputText(path, { maxBytes: MAX_TEXTFILE_BYTES, regularOnly: true }).catch(
    (error: unknown) => {
      if (error instanceof InputProblem) return undefined;
      throw error;
    },
  );
  return text === undefined ? undefined : (await load()).readLastSuccess(text);
}

export async function runAuditCommand<C extends AuditCommandName>(
  options: AuditCommandOptions<C>,
  io: Io,
  preloaded?: AuditConfig,
): Promise<Outcome> {
  const { command, format, filter } = options;
  const renderers: Renderers<C, RenderInput> = RENDERERS[command];
  const renderer = renderers[format];
  // Earlier snapshots are read before any API call: an unreadable one stops the run while it is still free.
  const history = options.history.length > 0 ? await readHistory(io.cwd, options.history, io.stop) : undefined;
  const snapshots = history?.snapshots;
  const output = openOutput(io, options);
  for (const warning of history?.warnings ?? []) output.log.warn(warning);
  // The users CSV is rendered while the pages arrive, in the time the fetch leaves idle (report/users.ts).
  // Not for a filtered list: its rows are not the pages' rows, so the pieces would be made for nothing.
  // Its gain (bench/tricks.js, BENCHMARKS.md): 20,000 users 10% faster (1.52 s vs 1.70 s; 7% in an earlier run;
  // noise 4.9%).
  const unfiltered =
    filter.licenses === undefined && filter.status === 'all' && options.inactiveDays === undefined && !options.compare;
  const csvAhead =
    command === 'users' && format === 'csv' && options.usage === undefined && unfiltered ? usersCsvAhead() : undefined;
  const run = await auditAll(
    {
      ...options,
      ...(options.usage === undefined ? {} : { readUsage: options.usage }),
      readLookerFlags: options.compare,
      ...(csvAhead === undefined ? {} : { onUsersAudited: aheadForOneAccount(csvAhead) }),
    },
    output,
    preloaded,
    history?.files,
  );
  const now = io.now();
  const inactiveDays = options.inactiveDays ?? (command === 'summary' ? run.config.inactiveDays : undefined);
  const filtered = filter.licenses !== undefined || filter.status !== 'all' || inactiveDays !== undefined;
  const chosen =
    command === 'users' && filtered
      ? filterReport(run.report, { licenses: filter.licenses, status: filter.status, inactiveDays, now })
      : run.report;
  const compared = command === 'users' && options.compare;
  const report = compared ? onlyLookerDisagreements(chosen, run.lookerFlags) : chosen;
  const input: RenderInput = {
    report,
    config: run.config,
    table: { chalk: output.chalk, width: output.width },
    now,
    inactiveDays,
    history: snapshots === undefined ? undefined : seatHistory(snapshots, run.report),
    usersNote: command === 'users' && (filtered || compared) ? filterNote(options, inactiveDays) : undefined,
    outputPath: run.outputPath,
    usage: options.usage === undefined ? undefined : usageLookupOf(run, now),
    ...(options.compare ? { lookerFlags: run.lookerFlags } : {}),
    ...(compared ? { looker: lookerLookupOf(run) } : {}),
    ...(csvAhead === undefined ? {} : { csvAhead }),
  };
  const content = await renderer(input);
  // A Prometheus textfile states failures itself (looker_audit_account_failed): it replaces the old one even then.
  await writeReport(output, { ...run, failuresInReport: format === 'prometheus' }, content);
  // What the run cost, on stderr: stdout carries only the report (JSON also carries api_calls per account).
  if (format === 'table') output.log.info(callsFooter(run.report));
  return outcomeOf(run.failures);
}

/**
 * The CSV made ahead for the first account only, and only while no other account's pages arrive: rows are made
 * ahead in the time the fetch leaves the thread idle, and several accounts fetched at once leave it none; made
 * ahead then, they cost more CPU than made at the end (the benchmark's three accounts were 5% slower with them).
 */
function aheadForOneAccount(ahead: UsersCsvAhead): (account: string, users: readonly AuditedUser[]) => void {
  let first: string | undefined;
  let several = false;
  return (account, users) => {
    first ??= account;
    several ||= account !== first;
    if (!several) ahead.add(account, users);
  };
}

function filterNote(options: AuditCommandOptions, inactiveDays: number | undefined): string {
  const parts = [
    ...(options.filter.licenses === undefined ? [] : [`tier ${options.filter.licenses.join(' or ')}`]),
    ...(options.filter.status === 'all' ? [] : [`status ${options.filter.status}`]),
    ...(inactiveDays === undefined ? [] : [`no login in ${inactiveDays} days`]),
  ];
  const compared = options.compare ? "seats whose tier differs from Looker's own flags" : '';
  if (parts.length === 0) return `Only ${compared}`;
  return `Only ${compared === '' ? 'users' : compared} with ${parts.join(', ')}`;
}

function callsFooter(report: AuditReport): string {
  return `API calls: ${report.accounts.map((a) => `${a.name} ${a.apiCalls}`).join(', ')}`;
}
