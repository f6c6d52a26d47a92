/**
 * `undo <journal.jsonl>`: puts back what an apply did, from its journal (README, "Reclaiming seats"). A dry run
 * unless `--yes` (or a yes on a terminal). Each user the journal changed, or may have (a write in flight when the
 * run was killed), is read again: what was made is put back in the reverse order, schedules that were on are
 * turned on again, and a user changed since the apply is refused as drifted. Undo journals its own writes in a
 * file of its own (default `<journal>.undo.jsonl`), so the apply journal stays as it was. Same exit codes as apply.
 */
import { resolve } from 'node:path';
import type { ChangeItem } from '../audit/change-run.js';
import { undoUnits, type UndoUnit } from '../audit/remediation-undo.js';
import { undoText } from '../audit/step-words.js';
import { InputFileError, UsageError } from '../errors.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { resolveOutputPath } from '../output/write-report.js';
import { parseJournal } from '../plan/journal.js';
import { notAttempted } from './shared/change-journal.js';
import { matchAccounts, readInputText, undoJournalFor } from './shared/change-inputs.js';
import { changeRun, type ChangeDeps } from './shared/change-runs.js';
import { configInputs, loadAuditConfig } from './shared/load.js';
import type { UndoOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';
import { undoAccount } from './shared/undo-account.js';

const EXPECTED = 'a journal written by `looker-audit apply`';

function unreached(units: readonly UndoUnit[], why: string): ChangeItem[] {
  return units.map((unit) =>
    notAttempted(
      { item_id: unit.itemId, user_id: unit.userId, email: null, name: '', to: null },
      [...unit.steps]
        .reverse()
        .map((step) => ({ op: step.op, what: undoText(step), status: 'pending', http_status: null })),
      why,
    ),
  );
}

/** The journal's users grouped by account, each account named and located as the journal recorded it. */
function accountsOf(units: readonly UndoUnit[]) {
  const byAccount = new Map<string, { name: string; url: string; units: UndoUnit[] }>();
  for (const unit of units) {
    const key = unit.account.toLowerCase();
    const entry = byAccount.get(key) ?? { name: unit.account, url: unit.url, units: [] };
    entry.units.push(unit);
    byAccount.set(key, entry);
  }
  return [...byAccount.values()];
}

export async function runUndo(options: UndoOptions, io: Io, deps: ChangeDeps = {}): Promise<Outcome> {
  const output = openOutput(io, options);
  const read = parseJournal(await readInputText(io.cwd, options.file, EXPECTED, io.stop), options.file);
  const applyRun = read.entries.find((e) => e.event === 'run' && e.mode === 'apply');
  if (applyRun?.event !== 'run') throw new InputFileError(options.file, [`holds no apply run: expected ${EXPECTED}`]);
  if (read.truncated)
    output.log.warn(`${options.file}: its last line was cut (the run was killed while writing it) and is left out`);
  const { config } = await loadAuditConfig({ ...options, accounts: [] }, output);
  const targets = matchAccounts(options.file, accountsOf(undoUnits(read.entries)), config, options.accounts);
  const journalPath = options.journal ?? undoJournalFor(options.file);
  if (resolve(io.cwd, journalPath) === resolve(io.cwd, options.file))
    throw new UsageError(`--journal ${journalPath}: is the journal being undone; undo keeps a journal of its own`);
  const outputPath = await resolveOutputPath(options.output, io.cwd, [
    config.file,
    ...configInputs(config, options.rules, io.cwd),
    options.file,
    journalPath,
  ]);

  const users = targets.reduce((n, t) => n + t.doc.units.length, 0);
  return changeRun({
    mode: 'undo',
    options,
    io,
    deps,
    output,
    outputPath,
    journalPath,
    question: `Undo ${options.file} now: ${users} users (journal ${journalPath})?`,
    planGeneratedAt: applyRun.plan_generated_at,
    targets: targets.map((t) => ({ ...t, work: t.doc })),
    work: (client, account, ctx) => undoAccount(client, account, account.units, ctx),
    unreached: (account, why) => unreached(account.units, why),
  });
}
