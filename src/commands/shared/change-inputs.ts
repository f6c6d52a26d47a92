/**
 * The inputs of apply and undo: the plan or journal file (read as an input: a regular file, bounded, never
 * echoed), its accounts matched to the config (same name, same instance), and the default journal names.
 */
import { resolve } from 'node:path';
import { assertDistinctInstances } from '../../config/select.js';
import type { AccountConfig, AuditConfig } from '../../config/types.js';
import { normaliseLookerUrl, sameInstanceKey } from '../../config/url.js';
import { InputFileError, UsageError } from '../../errors.js';
import { InputProblem, readInputText as readInput } from '../../input-file.js';
import { planAccountProblems } from '../../plan/parse.js';

/** A plan or journal is a few MB at most (a line per write): anything far bigger is not one. */
const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * Reads a plan or journal named on the command line with the one input reader (bounded, a pipe or device never
 * waited on); its problems are the user's (exit 2), worded without its content. Only a regular file is taken: apply
 * and undo must be able to read the same file back.
 */
export async function readInputText(cwd: string, file: string, what: string, signal?: AbortSignal): Promise<string> {
  try {
    return await readInput(resolve(cwd, file), { maxBytes: MAX_INPUT_BYTES, regularOnly: true, signal });
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    throw new InputFileError(file, [`${error.message}: expected ${what}`]);
  }
}

const instanceOf = (url: string) => {
  const normalised = normaliseLookerUrl(url, { allowInsecureHttp: true });
  return 'url' in normalised ? sameInstanceKey(normalised.url) : url.trim().toLowerCase();
};

/** Whether two URLs name the same Looker instance, by the rule the config's duplicate-instance check uses. */
const sameInstance = (a: string, b: string) => instanceOf(a) === instanceOf(b);

/**
 * The config's account for each account of the file (by name, on the same instance), limited to those named with
 * `-a`. An account the config lacks, or points elsewhere, is the file's problem; one instance under two accounts
 * the config's (exit 2 either way, before any request). A secret that cannot be read fails its account only, at
 * its login (exit 3), as in every command.
 */
export function matchAccounts<A extends { readonly name: string; readonly url: string }>(
  file: string,
  documented: readonly A[],
  config: AuditConfig,
  selected: readonly string[],
): { readonly doc: A; readonly config: AccountConfig }[] {
  const configured = config.accounts;
  const wanted = selected.map((n) => n.toLowerCase());
  const unknown = selected.filter((n) => !documented.some((d) => d.name.toLowerCase() === n.toLowerCase()));
  if (unknown.length > 0) throw new UsageError(`-a ${unknown.join(', ')}: not an account of ${file}`);
  const chosen = documented.filter((d) => wanted.length === 0 || wanted.includes(d.name.toLowerCase()));
  const problems = planAccountProblems({ accounts: chosen }, configured, sameInstance);
  if (problems.length > 0) throw new InputFileError(file, problems);
  const matched = chosen.map((doc) => ({
    doc,
    config: configured.find((c) => c.name.toLowerCase() === doc.name.toLowerCase()) as AccountConfig,
  }));
  assertDistinctInstances(
    config,
    matched.map((m) => m.config),
  );
  return matched;
}

/** `plan.json` -> `plan.journal.jsonl`, beside it. */
export const journalFor = (plan: string) => `${plan.replace(/\.json$/i, '')}.journal.jsonl`;
/** `plan.journal.jsonl` -> `plan.journal.undo.jsonl`: undo keeps its own journal. */
export const undoJournalFor = (journal: string) => `${journal.replace(/\.jsonl$/i, '')}.undo.jsonl`;
