/**
 * Loading the inputs of an audit, each failure a ConfigError/UsageError (exit 2) before any network call.
 */
import { loadConfig } from '../../config/load.js';
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

export async function loadAuditConfig(
  options: CommonOptions,
  output: Output,
  preloaded?: AuditConfig,
): Promise<{ config: AuditConfig; accounts: AccountConfig[] }> {
  const { io } = output;
  const config = preloaded ?? (await loadConfig({ explicit: options.config, env: io.env, cwd: io.cwd, home: io.home }));
  for (const warning of config.warnings) output.log.warn(warning);
  return { config, accounts: selectAccounts(config, options.accounts.length > 0 ? [...options.accounts] : undefined) };
}
