/**
 * `check`: the CI gate of design.md section 6. Every flag, the baseline and the policy are checked before any
 * API call is spent.
 *
 * Exit codes: 0 clean; 1 policy violations; 2 usage or configuration (bad flag, bad config, unreadable or invalid
 * baseline, nothing to check); 3 an account could not be audited. An account failure wins over violations: the
 * check is then incomplete, and 3 says "could not audit" while 1 always means "audited in full and found
 * violations". The violations found in the accounts that did succeed are still printed (and in JSON/JUnit), and
 * the failed account is named on stderr and carries `error` in JSON (an <error> test case in JUnit).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  VIOLATION_KINDS,
  applicableKinds,
  effectivePolicy,
  evaluatePolicy,
  parseSnapshot,
  type PolicyOverrides,
  type ViolationKind,
} from '../audit/index.js';
import type { CliIo } from '../cli/io.js';
import { parseChoices, parseFormat, parsePositiveInt, type GlobalOptions } from '../cli/options.js';
import { loadConfig } from '../config/load.js';
import { selectAccounts } from '../config/select.js';
import { ConfigError, ExitCode, UsageError } from '../errors.js';
import type { AuditJsonDocument } from '../report/index.js';
import { renderCheckJson, renderCheckJunit, renderCheckTable } from '../report/index.js';
import { auditAll } from './audit-all.js';
import { emitReport } from './emit.js';
import { openSession } from './session.js';

const FORMATS = ['table', 'json', 'junit'] as const;

export interface CheckFlags {
  readonly baseline?: string;
  readonly maxDevelopers?: string;
  readonly allow?: readonly string[];
  readonly failOn?: readonly string[];
}

/** A snapshot file named on the command line: unreadable is a usage error, invalid a config error; both exit 2. */
export async function readSnapshotFile(io: CliIo, file: string, flag: string) {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSnapshot(text, file);
}

export async function runCheck(io: CliIo, globals: GlobalOptions, flags: CheckFlags): Promise<number> {
  const format = parseFormat(globals.format, FORMATS, 'table');
  const maxDevelopers = parsePositiveInt('--max-developers', flags.maxDevelopers, { allowZero: true });
  const failOn = parseChoices<ViolationKind>('--fail-on', flags.failOn, VIOLATION_KINDS);
  if (failOn?.includes('new-developer') && flags.baseline === undefined) {
    throw new UsageError('--fail-on new-developer needs --baseline <snapshot.json>');
  }
  const baseline: AuditJsonDocument | undefined =
    flags.baseline === undefined ? undefined : await readSnapshotFile(io, flags.baseline, '--baseline');
  const overrides: PolicyOverrides = { maxDevelopers, allow: flags.allow ?? [] };

  const session = openSession(io, globals);
  // Read the config here (its warnings are logged once, by auditAll) to refuse a check with nothing to check
  // before any API call: a CI gate that passes because no policy was configured would be a silent hole.
  const config = await loadConfig({ explicit: globals.config, env: io.env, cwd: io.cwd, home: io.home });
  const accounts = selectAccounts(config, globals.accounts.length > 0 ? [...globals.accounts] : undefined);
  const anything = accounts.some(
    (a) =>
      applicableKinds(effectivePolicy(config.policy, a.name, overrides), baseline !== undefined, failOn).length > 0,
  );
  if (!anything) {
    throw new ConfigError(config.file, [
      `policy: nothing to check${failOn ? ` for --fail-on ${failOn.join(',')}` : ''}: set policy.allowed_developers or policy.max_seats, or pass --allow, --max-developers or --baseline`,
    ]);
  }

  const run = await auditAll(session, format, config);
  const result = evaluatePolicy(run.report, config.policy, { now: io.now(), baseline, overrides, failOn });
  for (const account of result.accounts) for (const note of account.notes) session.log.warn(note);
  const content =
    format === 'json'
      ? renderCheckJson(result)
      : format === 'junit'
        ? renderCheckJunit(result)
        : renderCheckTable(result, { chalk: session.chalk, width: session.width });
  if (format !== 'table' && result.violations.length > 0) {
    const n = result.violations.length;
    session.log.info(`check: ${n} policy violation${n === 1 ? '' : 's'}`);
  }
  const code = await emitReport(session, run, content);
  if (code !== ExitCode.ok) return code; // an account failed: exit 3 wins over violations (see above)
  return result.violations.length > 0 ? ExitCode.violations : ExitCode.ok;
}
