/**
 * Raw parsed config -> AuditConfig, or one ConfigError holding every problem, each `path: message`.
 * Pure: the file name is only used for messages and to resolve relative paths against the file's folder.
 *
 * Cross-field rules are checked here on the raw value (defensively, whatever its shape), not as zod refinements,
 * because zod skips an object's refinements when one of its fields fails and the user should see every problem
 * in one run. No message quotes a value other than account names and environment variable names.
 */
import path from 'node:path';
import type { AccountConfig, AllowEntry, AuditConfig, Policy, SecretSource, SeatCounts } from './types.js';
import { ConfigError } from '../errors.js';
import { expandHome } from './find.js';
import { fromZodIssues, renderProblems, type Locate, type Problem } from './issues.js';
import { configSchema, SECRET_KEYS, type RawAccount, type RawConfig, type RawPolicy } from './schema.js';
import { didYouMean } from './suggest.js';
import { authProblems, DEFAULT_REDIRECT_URI } from './oauth.js';
import { isLoopbackHost, normaliseLookerUrl, proxyUrlProblem } from './url.js';
import { RULE_SET_NAMES, isOneOf } from '../vocabulary.js';

export interface ValidateContext {
  readonly file: string;
  readonly env: NodeJS.ProcessEnv;
  /** For `~/` in paths; defaults to $HOME. */
  readonly home?: string;
  /** Where a path is in the file, for a problem whose key is not shown. */
  readonly locate?: Locate;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isRulesPath = (value: string) => /[/\\]/.test(value) || /\.(ya?ml|json)$/i.test(value);

function crossFieldProblems(raw: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const accounts = Array.isArray(raw.accounts) ? raw.accounts : [];
  const seen = new Map<string, number>();
  const names: string[] = [];
  accounts.forEach((account: unknown, i) => {
    if (!isRecord(account)) return;
    if (typeof account.url === 'string') {
      const result = normaliseLookerUrl(account.url, { allowInsecureHttp: account.allow_insecure_http === true });
      if ('problem' in result) problems.push({ path: ['accounts', i, 'url'], message: result.problem });
    }
    if (typeof account.proxy === 'string' && account.proxy.trim() !== '') {
      const problem = proxyUrlProblem(account.proxy);
      if (problem !== null) problems.push({ path: ['accounts', i, 'proxy'], message: problem });
    }
    problems.push(...authProblems(account, i));
    const given = SECRET_KEYS.filter((key) => account[key] !== undefined);
    if (given.length === 0 && account.auth !== 'oauth')
      problems.push({ path: ['accounts', i], message: `one of ${SECRET_KEYS.join(', ')} is required` });
    if (given.length > 1 && account.auth !== 'oauth') {
      problems.push({
        path: ['accounts', i],
        message: `only one of ${SECRET_KEYS.join(', ')} may be set (found ${given.join(' and ')})`,
      });
    }
    if (typeof account.name !== 'string' || account.name === '') return;
    names.push(account.name);
    const first = seen.get(account.name.toLowerCase());
    if (first === undefined) seen.set(account.name.toLowerCase(), i);
    else
      problems.push({
        path: ['accounts', i],
        message: `duplicate account name "${account.name}" (also accounts[${first}])`,
      });
  });

  if (typeof raw.rules === 'string' && !isOneOf(RULE_SET_NAMES, raw.rules) && !isRulesPath(raw.rules)) {
    const hint = didYouMean(raw.rules, RULE_SET_NAMES);
    problems.push({
      path: ['rules'],
      message: `must be ${RULE_SET_NAMES.map((n) => `"${n}"`).join(', ')} or the path of a .yaml/.json rules file${hint}`,
    });
  }
  const policyAccounts = isRecord(raw.policy) && isRecord(raw.policy.accounts) ? Object.keys(raw.policy.accounts) : [];
  for (const name of policyAccounts.filter((n) => !names.includes(n))) {
    problems.push({
      path: ['policy', 'accounts', name],
      message: `no account named "${name}"${didYouMean(name, names)}`,
    });
  }
  return problems;
}

function toPolicy(raw: RawPolicy | undefined): Policy {
  const allowed = raw?.allowed_developers?.map((entry): AllowEntry =>
    typeof entry === 'string'
      ? { pattern: entry }
      : { pattern: entry.email, ...(entry.expires ? { expires: entry.expires } : {}) },
  );
  return {
    ...(raw?.max_seats ? { maxSeats: compact(raw.max_seats) } : {}),
    ...(allowed ? { allowedDevelopers: allowed } : {}),
    ...(raw?.max_idle_developer_days !== undefined ? { maxIdleDeveloperDays: raw.max_idle_developer_days } : {}),
  };
}

function compact(counts: SeatCounts): SeatCounts {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== undefined));
}

function toAccount(raw: RawAccount, resolve: (p: string) => string, warnings: string[]): AccountConfig {
  const normalised = normaliseLookerUrl(raw.url, { allowInsecureHttp: raw.allow_insecure_http });
  if (!('url' in normalised)) throw new Error('unreachable: URL checked before building');
  const oauth = raw.auth === 'oauth';
  const secret: SecretSource =
    raw.client_secret !== undefined
      ? { kind: 'literal', value: raw.client_secret }
      : raw.client_secret_env !== undefined
        ? { kind: 'env', name: raw.client_secret_env }
        : { kind: 'file', path: resolve(raw.client_secret_file ?? '') };
  if (!raw.verify_ssl) {
    warnings.push(
      `account "${raw.name}": TLS certificate verification is off (verify_ssl: false); prefer ca_file with your CA bundle`,
    );
  }
  const url = new URL(normalised.url);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    const what = oauth ? 'OAuth tokens' : 'the client secret';
    warnings.push(`account "${raw.name}": ${what} will be sent over plain http (allow_insecure_http: true)`);
  }
  const common = {
    name: raw.name,
    url: normalised.url,
    clientId: raw.client_id,
    verifyTls: raw.verify_ssl,
    ...(raw.ca_file !== undefined ? { caFile: resolve(raw.ca_file) } : {}),
    timeoutMs: Math.round(raw.timeout * 1000),
    allowInsecureHttp: raw.allow_insecure_http,
    ...(raw.proxy !== undefined
      ? { proxy: raw.proxy.trim().toLowerCase() === 'none' ? 'none' : raw.proxy.trim() }
      : {}),
    ...(raw.max_response_mb !== undefined ? { maxResponseBytes: raw.max_response_mb * 1024 * 1024 } : {}),
    ...(raw.concurrency !== undefined ? { concurrency: raw.concurrency } : {}),
  };
  if (!oauth) return { ...common, secret };
  return {
    ...common,
    auth: 'oauth',
    redirectUri: raw.redirect_uri?.trim() ?? DEFAULT_REDIRECT_URI,
    webUrl: raw.web_url === undefined ? normalised.url : new URL(raw.web_url.trim()).origin,
  };
}

function build(data: RawConfig, ctx: ValidateContext): AuditConfig {
  const folder = path.dirname(path.resolve(ctx.file));
  const home = ctx.home ?? ctx.env.HOME ?? '';
  const resolve = (p: string) => path.resolve(folder, home === '' ? p : expandHome(p, home));
  const warnings: string[] = [];
  const accounts = data.accounts.map((account) => toAccount(account, resolve, warnings));
  const rules = data.rules === undefined || isOneOf(RULE_SET_NAMES, data.rules) ? data.rules : resolve(data.rules);
  const perAccount = Object.fromEntries(
    Object.entries(data.policy?.accounts ?? {}).map(([name, p]) => [name, toPolicy(p)]),
  );
  return {
    file: ctx.file,
    accounts,
    ...(rules !== undefined ? { rules } : {}),
    ...(data.inactive_days !== undefined ? { inactiveDays: data.inactive_days } : {}),
    ...(data.prices !== undefined ? { prices: compact(data.prices) } : {}),
    ...(data.currency !== undefined ? { currency: data.currency.toUpperCase() } : {}),
    ...(data.usage_days !== undefined ? { usageDays: data.usage_days } : {}),
    policy: { ...toPolicy(data.policy), accounts: perAccount },
    ...(data.remediation !== undefined
      ? { remediation: { roles: data.remediation.roles ?? {}, groups: data.remediation.groups ?? {} } }
      : {}),
    warnings,
  };
}

export function validateConfig(raw: unknown, ctx: ValidateContext): AuditConfig {
  if (raw === null || raw === undefined) {
    throw new ConfigError(ctx.file, [
      'the file is empty: it needs an `accounts` list (see the Configuration section of the README)',
    ]);
  }
  const result = configSchema.safeParse(raw);
  const problems = [
    ...(result.success ? [] : fromZodIssues(result.error.issues)),
    ...(isRecord(raw) ? crossFieldProblems(raw) : []),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(ctx.file, renderProblems(problems, ctx.locate));
  return build(result.data, ctx);
}
