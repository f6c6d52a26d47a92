/**
 * Loading the inputs of an audit, each failure a ConfigError/UsageError (exit 2) before any network call.
 */
import { caFileProblem } from '../../config/ca-file.js';
import { loadConfig } from '../../config/load.js';
import { rulesFilePath } from '../../config/rules-source.js';
import { secretSourceProblem } from '../../config/secrets.js';
import { selectAccounts } from '../../config/select.js';
import type { AccountConfig, AuditConfig } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { Output } from '../../output/output.js';
import type { CommonOptions } from './options.js';

/** Every selected account's secret source is usable: a config error (exit 2) found before any API call. */
export function assertSecretsAvailable(
  config: AuditConfig,
  accounts: readonly AccountConfig[],
  env: NodeJS.ProcessEnv,
): void {
  const problems = accounts.flatMap((a) => {
    const problem = a.auth === 'oauth' ? null : secretSourceProblem(a.secret, env);
    return problem === null ? [] : [`account "${a.name}": ${problem}`];
  });
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

/** Every selected account's ca_file is a readable PEM bundle: a config error (exit 2) found before any API call. */
export async function assertCaFilesUsable(
  config: AuditConfig,
  accounts: readonly AccountConfig[],
  signal?: AbortSignal,
): Promise<void> {
  const problems: string[] = [];
  for (const account of accounts) {
    if (account.caFile === undefined) continue;
    const problem = await caFileProblem(account.caFile, signal);
    if (problem !== null) problems.push(`account "${account.name}": ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(config.file, problems);
}

/**
 * The files a run reads because of its config: the rules file, and every account's client_secret_file and
 * ca_file (of every account, not only the selected ones: a report must never replace another account's secret).
 * With the command's own inputs, what `--output` may not be.
 */
export function configInputs(config: AuditConfig, rulesFlag: string | undefined, cwd: string): string[] {
  const rules = rulesFilePath(rulesFlag, cwd, config);
  return [
    ...(rules === undefined ? [] : [rules]),
    ...config.accounts.flatMap((a) => [
      ...(a.auth !== 'oauth' && a.secret.kind === 'file' ? [a.secret.path] : []),
      ...(a.caFile === undefined ? [] : [a.caFile]),
    ]),
  ];
}

export async function loadAuditConfig(
  options: CommonOptions,
  output: Output,
  preloaded?: AuditConfig,
): Promise<{ config: AuditConfig; accounts: AccountConfig[] }> {
  const { io } = output;
  const config =
    preloaded ??
    (await loadConfig({ explicit: options.config, env: io.env, cwd: io.cwd, home: io.home, signal: io.stop }));
  for (const warning of config.warnings) output.log.warn(warning);
  return { config, accounts: selectAccounts(config, options.accounts.length > 0 ? [...options.accounts] : undefined) };
}
