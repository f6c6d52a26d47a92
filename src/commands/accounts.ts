/**
 * `accounts`: the configured accounts, never a secret (only where the secret comes from).
 * `accounts --test`: log in and out of each account concurrently; exit 3 when any fails.
 */
import type { ChalkInstance } from 'chalk';
import type { AccountConfig, SecretSource } from '../config/types.js';
import type { Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import { resolveOutputPath, writeReport } from '../output/write-report.js';
import { renderTable, stringifyJson, type Column, type TableOptions } from '../report/index.js';
import { checkLogin } from '../looker/login-check.js';
import { fetchAccounts } from './shared/fetch-accounts.js';
import { secretSourceProblem } from '../config/secrets.js';
import { assertCaFilesUsable, configInputs, loadAuditConfig } from './shared/load.js';
import type { Renderers } from './shared/formats.js';
import type { AccountsOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';

/** Where the account's credential comes from: an OAuth account has no secret, its tokens come from a login. */
function credentialOrigin(account: AccountConfig): string {
  return account.auth === 'oauth' ? 'oauth login' : secretOrigin(account.secret);
}

function secretOrigin(secret: SecretSource): string {
  switch (secret.kind) {
    case 'env':
      return `env ${secret.name}`;
    case 'file':
      return `file ${secret.path}`;
    case 'literal':
      return 'in config file';
  }
}

interface AccountRow {
  readonly account: AccountConfig;
  readonly test?:
    { ok: true; release: string | null; apiCalls: number } | { ok: false; error: string; apiCalls: number };
}

interface RenderInput {
  readonly rows: readonly AccountRow[];
  readonly problemOf: (account: AccountConfig) => string | null;
  /** `--test`: the rows carry the login outcome. */
  readonly test: boolean;
  readonly table: TableOptions;
}

const RENDERERS: Renderers<'accounts', RenderInput> = {
  table: renderAccountsTable,
  json: ({ rows, problemOf }) =>
    stringifyJson({
      accounts: rows.map(({ account, test }) => ({
        name: account.name,
        url: account.url,
        client_id: account.clientId,
        auth: account.auth ?? 'api3',
        secret_from: account.auth === 'oauth' ? null : secretOrigin(account.secret),
        secret_problem: problemOf(account),
        verify_tls: account.verifyTls,
        ...(test
          ? {
              ok: test.ok,
              looker_release: test.ok ? test.release : null,
              api_calls: test.apiCalls,
              ...(test.ok ? {} : { error: test.error }),
            }
          : {}),
      })),
    }),
};

function renderAccountsTable({ rows, problemOf, test, table }: RenderInput): string {
  const columns: Column<AccountRow>[] = [
    { header: 'Account', value: (r) => r.account.name, min: 8, priority: 1 },
    { header: 'URL', value: (r) => r.account.url, min: 12, priority: 2 },
    { header: 'Client ID', value: (r) => r.account.clientId, min: 9, priority: 4 },
    { header: 'Auth', value: (r) => r.account.auth ?? 'api3', min: 4, priority: 3 },
    {
      header: 'Secret from',
      value: (r) => `${credentialOrigin(r.account)}${problemOf(r.account) === null ? '' : ' (NOT SET)'}`,
      color: (text, r, c) => (problemOf(r.account) === null ? text : c.red(text)),
      min: 11,
      priority: 5,
    },
    ...(test
      ? [
          {
            header: 'Login',
            value: (r: AccountRow) => (r.test?.ok ? 'OK' : 'FAILED'),
            color: (text: string, r: AccountRow, c: ChalkInstance) => (r.test?.ok ? c.green(text) : c.red(text)),
            min: 6,
            priority: 1,
          },
          {
            header: 'Looker release / error',
            value: (r: AccountRow) => (r.test?.ok ? (r.test.release ?? '?') : (r.test?.error ?? '')),
            min: 12,
            priority: 1,
          },
        ]
      : []),
  ];
  return renderTable(columns, rows, { chalk: table.chalk, width: table.width });
}

export async function runAccounts(options: AccountsOptions, io: Io): Promise<Outcome> {
  const { format } = options;
  const output = openOutput(io, options);
  const { config, accounts } = await loadAuditConfig(options, output);
  // Checked before any login: a folder, an unwritable place or a file the run reads is a usage error.
  const outputPath = await resolveOutputPath(options.output, io.cwd, [
    config.file,
    ...configInputs(config, undefined, io.cwd),
  ]);
  // A ca_file is read when the connection is built: one that is a pipe or a device is refused before any login.
  if (options.test) await assertCaFilesUsable(config, accounts, io.stop);
  // A secret that cannot be had is that account's FAILED row, found before any call; the others are still tested.
  const secretProblems = new Map(
    accounts.map((a) => [a.name, a.auth === 'oauth' ? null : secretSourceProblem(a.secret, io.env)]),
  );
  const problemOf = (account: AccountConfig) => secretProblems.get(account.name) ?? null;

  let rows: AccountRow[] = accounts.map((account) => ({ account }));
  if (options.test) {
    const outcomes = await fetchAccounts(
      accounts.filter((a) => problemOf(a) === null),
      { env: io.env, home: io.home, log: (line) => output.log.verbose(line), maxCalls: options.maxCalls },
      checkLogin,
    );
    const tested = new Map(outcomes.map((o) => [o.account.name, o]));
    rows = accounts.map((account): AccountRow => {
      const o = tested.get(account.name);
      if (o === undefined) {
        return { account, test: { ok: false, error: `account "${account.name}": ${problemOf(account)}`, apiCalls: 0 } };
      }
      return {
        account,
        test: o.ok
          ? { ok: true, release: o.value.release, apiCalls: o.value.apiCalls }
          : { ok: false, error: o.error, apiCalls: o.apiCalls },
      };
    });
    for (const row of rows) if (row.test && !row.test.ok) output.log.error(row.test.error);
  } else {
    for (const account of accounts) {
      const problem = problemOf(account);
      if (problem !== null) output.log.warn(`account "${account.name}": ${problem}`);
    }
  }

  const table = { chalk: output.chalk, width: output.width };
  const content = await RENDERERS[format]({ rows, problemOf, test: options.test, table });
  await writeReport(output, { outputPath, failures: [] }, content);
  return rows.some((r) => r.test && !r.test.ok) ? 'accounts-failed' : 'ok';
}
