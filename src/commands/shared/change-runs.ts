/**
 * What apply and undo share around their per-account loops: the question on a terminal, the journal of the run
 * (opened only when writes will be sent), the accounts run side by side (each in its own session, its writes one
 * at a time), and the run's report and outcome.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  changeTotals,
  isIncomplete,
  type ChangeAccount,
  type ChangeItem,
  type ChangeRun,
} from '../../audit/change-run.js';
import type { AccountConfig } from '../../config/types.js';
import { UsageError } from '../../errors.js';
import type { LookerClient } from '../../looker/client.js';
import { withSession } from '../../looker/fetch-account.js';
import type { Io } from '../../output/io.js';
import { openJournal, type JournalWriter } from '../../output/journal.js';
import type { Output } from '../../output/output.js';
import { writeReport } from '../../output/write-report.js';
import type { JournalEntry } from '../../plan/types.js';
import { renderChangeJson, renderChangeMarkdown, renderChangeTable } from '../../report/change-run.js';
import { fetchAccounts } from './fetch-accounts.js';
import type { Renderers } from './formats.js';
import type { ChangeOptions, CommonOptions } from './options.js';
import type { Outcome } from './outcome.js';
import type { ChangeContext } from './change-journal.js';

/** Asks on the terminal; resolves false when the person declines. */
export type Confirm = (message: string) => Promise<boolean>;

/** @inquirer/confirm on stderr, loaded only when a question is asked. */
async function terminalConfirm(io: Io): Promise<Confirm> {
  const { default: confirm } = await import('@inquirer/confirm');
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof confirm>[1];
  return async (message) => {
    try {
      return await confirm({ message, default: false }, context);
    } catch (error) {
      // Ctrl-C or Ctrl-D at the question: nothing was sent.
      if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError'))
        throw new UsageError('cancelled: nothing was sent');
      throw error;
    }
  };
}

/** A terminal on both ends: the question can be asked and answered. */
const canAsk = (io: Io) => io.stdin?.isTTY === true && io.stderr.isTTY === true;

/**
 * Runs `work` on each account, a few accounts at once, each in its own session; an account that cannot be
 * reached keeps its items, not attempted, and its one error line.
 */
async function runAccounts<W>(
  targets: readonly {
    readonly doc: { readonly name: string; readonly url: string };
    readonly config: AccountConfig;
    readonly work: W;
  }[],
  io: Io,
  options: Pick<CommonOptions, 'maxCalls' | 'pageSize'>,
  log: (line: string) => void,
  work: (client: LookerClient, target: W) => Promise<ChangeItem[]>,
  unreached: (target: W, why: string) => ChangeItem[],
): Promise<ChangeAccount[]> {
  const byName = new Map(targets.map((t) => [t.config.name, t]));
  const outcomes = await fetchAccounts(
    targets.map((t) => t.config),
    {
      env: io.env,
      home: io.home,
      log,
      maxCalls: options.maxCalls,
      pageSize: options.pageSize,
      client: io.http,
      signal: io.stop,
    },
    async (client) => {
      const target = byName.get(client.account.name);
      if (target === undefined) throw new Error(`no work for account ${client.account.name}`);
      const items = await withSession(client, () => work(client, target.work));
      return { items, calls: client.calls };
    },
  );
  return outcomes.map((outcome) => {
    const target = byName.get(outcome.account.name);
    const doc = target?.doc ?? outcome.account;
    if (outcome.ok)
      return { name: doc.name, url: doc.url, error: null, api_calls: outcome.value.calls, items: outcome.value.items };
    const items = target === undefined ? [] : unreached(target.work, 'not attempted: the account could not be reached');
    return { name: doc.name, url: doc.url, error: outcome.error, api_calls: outcome.apiCalls, items };
  });
}

export interface ChangeDeps {
  /** Ask before sending (default: stdin and stderr are terminals). */
  readonly interactive?: boolean;
  readonly confirm?: Confirm;
}

/** Whether to send: --yes, else a yes on a terminal; in a script without --yes, a dry run. */
async function decideToSend(
  options: Pick<ChangeOptions, 'yes'>,
  io: Io,
  deps: ChangeDeps,
  output: Output,
  question: string,
): Promise<boolean> {
  if (options.yes) return true;
  if (!(deps.interactive ?? canAsk(io))) return false;
  const confirm = deps.confirm ?? (await terminalConfirm(io));
  if (await confirm(question)) return true;
  output.log.info('Nothing was sent.');
  return false;
}

type RunLine = Omit<Extract<JournalEntry, { event: 'run' }>, 'v' | 'at' | 'run_id' | 'event'>;

/**
 * Runs `work` with the run's journal: opened (and its `run` line written) only when writes will be sent, always
 * closed; a run stopped midway (Ctrl-C) says where its journal is.
 */
async function withJournal<T>(
  path: string | null,
  line: RunLine,
  ctx: { readonly runId: string; readonly now: () => Date; readonly cwd: string },
  work: (journal: JournalWriter | null) => Promise<T>,
): Promise<T> {
  const journal = path === null ? null : await openJournal(resolve(ctx.cwd, path));
  try {
    await journal?.append({ v: 1, at: ctx.now().toISOString(), run_id: ctx.runId, event: 'run', ...line });
    return await work(journal);
  } catch (error) {
    if (journal !== null && error instanceof Error && 'exitCode' in error)
      error.message = `${error.message}; the journal ${path} records every write sent (looker-audit undo ${path} puts them back)`;
    throw error;
  } finally {
    await journal?.close();
  }
}

const RENDERERS: Renderers<'apply' | 'undo', { readonly run: ChangeRun; readonly output: Output }> = {
  table: ({ run, output }) => renderChangeTable(run, { chalk: output.chalk, width: output.width }),
  markdown: ({ run }) => renderChangeMarkdown(run),
  json: ({ run }) => renderChangeJson(run),
};

/** The run's report (stdout or --output) and its outcome: 3 an account unreached, 4 incomplete, else 0. */
async function reportRun(
  output: Output,
  options: Pick<ChangeOptions, 'file'> & { readonly format: 'table' | 'markdown' | 'json' },
  outputPath: string | undefined,
  run: Omit<ChangeRun, 'totals' | 'source'>,
): Promise<Outcome> {
  const full: ChangeRun = {
    mode: run.mode,
    dry_run: run.dry_run,
    source: options.file,
    journal: run.journal,
    generated_at: run.generated_at,
    accounts: run.accounts,
    totals: changeTotals(run.accounts),
  };
  const failures = run.accounts.flatMap((a) => (a.error === null ? [] : [a.error]));
  await writeReport(output, { outputPath, failures }, await RENDERERS[options.format]({ run: full, output }));
  if (failures.length > 0) return 'accounts-failed';
  return isIncomplete(full) ? 'incomplete' : 'ok';
}

/** One apply or undo run, once its inputs are checked: the question, the journal, the accounts, the report. */
export interface ChangeRunSpec<W> {
  readonly mode: 'apply' | 'undo';
  readonly options: ChangeOptions & { readonly format: 'table' | 'markdown' | 'json' };
  readonly io: Io;
  readonly deps: ChangeDeps;
  readonly output: Output;
  readonly outputPath: string | undefined;
  readonly journalPath: string;
  /** Asked on a terminal without --yes. */
  readonly question: string;
  readonly planGeneratedAt: string;
  readonly targets: readonly {
    readonly doc: { readonly name: string; readonly url: string };
    readonly config: AccountConfig;
    readonly work: W;
  }[];
  readonly work: (client: LookerClient, target: W, ctx: ChangeContext) => Promise<ChangeItem[]>;
  readonly unreached: (target: W, why: string) => ChangeItem[];
}

export async function changeRun<W>(spec: ChangeRunSpec<W>): Promise<Outcome> {
  const { io, options, output } = spec;
  const send = await decideToSend(options, io, spec.deps, output, spec.question);
  const ctx = { runId: randomUUID(), now: () => io.now(), cwd: io.cwd };
  const accounts = await withJournal(
    send ? spec.journalPath : null,
    { mode: spec.mode, plan_generated_at: spec.planGeneratedAt },
    ctx,
    (journal) =>
      runAccounts(
        spec.targets,
        io,
        options,
        (line) => output.log.verbose(line),
        (client, target) => spec.work(client, target, { ...ctx, journal }),
        spec.unreached,
      ),
  );
  return reportRun(output, options, spec.outputPath, {
    mode: spec.mode,
    dry_run: !send,
    journal: send ? spec.journalPath : null,
    generated_at: ctx.now().toISOString(),
    accounts,
  });
}
