/**
 * The `check` result as a table, JSON or JUnit XML. PURE.
 *
 * JSON schema (schema_version 1, keys in this order, every key always present unless marked optional):
 *   { "schema_version": 1, "generated_at": ISO-8601, "rules": "torii", "ok": boolean,
 *     "violations": [ { "account", "kind": "unexpected-developer"|"over-budget"|"new-developer"|"idle-developer", "tier",
 *                       "user_id": string|null, "email": string|null, "name": string|null, "reason": string|null,
 *                       "count": number|null, "limit": number|null, "message" } ],
 *     "accounts": [ { "name", "error"?: string, "checked": [kinds evaluated], "notes": [strings] } ] }
 * `ok` is false when there is a violation or an account failed (then it has `error`).
 *
 * JUnit: one <testsuite> per account; one failed <testcase> per violation; one passing <testcase> per kind checked
 * without violation (so a clean account shows its passing checks); a failed account holds one <testcase> with an
 * <error> (could not audit), which CI systems show apart from failures.
 */
import type { AccountCheck, CheckResult, Violation } from '../audit/policy.js';
import { plural } from '../counts.js';
import type { ViolationKind } from '../vocabulary.js';
import { jsonChunks, stringifyJson } from './json.js';
import { sanitize, sanitizeMultiline } from '../sanitize.js';
import { renderTable, tierColor, type TableOptions } from './table.js';

function jsonViolation(v: Violation): Record<string, unknown> {
  return {
    account: v.account,
    kind: v.kind,
    tier: v.tier,
    user_id: v.userId,
    email: v.email,
    name: v.name,
    reason: v.reason,
    count: v.count,
    limit: v.limit,
    message: v.message,
  };
}

function checkJsonDocument(result: CheckResult) {
  return {
    schema_version: 1,
    generated_at: result.generatedAt,
    rules: result.rules,
    ok: result.ok,
    violations: result.violations.map(jsonViolation),
    accounts: result.accounts.map((a) => ({
      name: a.account,
      ...(a.error === null ? {} : { error: a.error }),
      checked: a.checked,
      notes: a.notes,
    })),
  };
}

export function renderCheckJson(result: CheckResult): string {
  return stringifyJson(checkJsonDocument(result));
}

/** The same text in pieces (a violation per user can be a list as long as the org). */
export function checkJsonChunks(result: CheckResult): Iterable<string> {
  return jsonChunks(checkJsonDocument(result));
}

const KIND_LABEL: Record<ViolationKind, string> = {
  'unexpected-developer': 'not on allowed_developers',
  'over-budget': 'over max_seats',
  'new-developer': 'new since the baseline',
  'idle-developer': 'no developer use',
};

/** Violation kinds in a word or two, for the table's narrow first column (JSON and JUnit keep the kind). */
const SHORT_KIND: Record<ViolationKind, string> = {
  'unexpected-developer': 'not allowed',
  'over-budget': 'over budget',
  'new-developer': 'new',
  'idle-developer': 'idle',
};

export function renderCheckTable(result: CheckResult, options: TableOptions): string {
  const { chalk } = options;
  let out = '';
  if (result.violations.length > 0) {
    // Made for 80 columns: what, who (the email never cut) and why; the tier and the user's full reason after.
    out += renderTable<Violation>(
      [
        ...(result.accounts.length > 1
          ? [{ header: 'account', value: (v: Violation) => v.account, min: 8, priority: 2 }]
          : []),
        { header: 'violation', value: (v) => SHORT_KIND[v.kind], min: 11, priority: 1 },
        {
          header: 'user',
          value: (v) => v.email ?? (v.userId === null ? '' : `user ${v.userId}`),
          min: 12,
          priority: 1,
          whole: true,
        },
        { header: 'detail', value: (v) => v.detail, min: 24, priority: 1 },
        { header: 'tier', value: (v) => v.tier, min: 9, priority: 3, color: (t, v, c) => tierColor(v.tier, c)(t) },
        { header: 'reason', value: (v) => v.reason ?? '', min: 20, priority: 8 },
      ],
      result.violations,
      options,
    );
  }
  for (const a of result.accounts) {
    if (a.error !== null) {
      out += chalk.red(`${sanitize(a.account)}: could not be audited: ${sanitize(a.error)}\n`);
    } else if (a.violations.length === 0 && a.checked.length > 0) {
      out += chalk.green(
        `${sanitize(a.account)}: no violation (${a.checked.map((k) => KIND_LABEL[k]).join(', ')} checked)\n`,
      );
    } else if (a.violations.length > 0) {
      out += chalk.red(`${sanitize(a.account)}: ${plural(a.violations.length, 'violation')}\n`);
    }
  }
  return out;
}

/**
 * XML 1.0 text: escaped, without the characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates),
 * and without escape sequences, C1 and bidi controls, which XML allows but a CI log shown on a terminal acts on.
 */
export function xmlEscape(text: string): string {
  return sanitizeMultiline(text)
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attr = (name: string, value: string | number): string => ` ${name}="${xmlEscape(String(value))}"`;

function violationCase(v: Violation): string {
  const subject = v.email ?? (v.userId === null ? v.tier : `user ${v.userId}`);
  const body = [v.message, ...(v.reason === null ? [] : [`reason: ${v.reason}`])].join('\n');
  return (
    `    <testcase${attr('classname', `looker-audit.${v.account}.${v.kind}`)}${attr('name', `${v.kind}: ${subject}`)}>\n` +
    `      <failure${attr('message', v.message)}${attr('type', v.kind)}>${xmlEscape(body)}</failure>\n` +
    `    </testcase>\n`
  );
}

function accountSuite(a: AccountCheck, timestamp: string): { xml: string; tests: number } {
  const head = (tests: number, failures: number, errors: number) =>
    `  <testsuite${attr('name', a.account)}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}${attr('skipped', 0)}${attr('timestamp', timestamp)}>\n`;
  if (a.error !== null) {
    const xml =
      head(1, 0, 1) +
      `    <testcase${attr('classname', `looker-audit.${a.account}`)}${attr('name', 'audit')}>\n` +
      `      <error${attr('message', `could not be audited: ${a.error}`)}${attr('type', 'account-error')}>${xmlEscape(a.error)}</error>\n` +
      `    </testcase>\n  </testsuite>\n`;
    return { xml, tests: 1 };
  }
  const passing = a.checked.filter((kind) => !a.violations.some((v) => v.kind === kind));
  const cases = [
    ...a.violations.map(violationCase),
    ...passing.map(
      (kind) =>
        `    <testcase${attr('classname', `looker-audit.${a.account}.${kind}`)}${attr('name', `${kind}: none`)}/>\n`,
    ),
    ...(a.checked.length === 0
      ? [`    <testcase${attr('classname', `looker-audit.${a.account}`)}${attr('name', 'nothing to check')}/>\n`]
      : []),
  ];
  let xml = head(cases.length, a.violations.length, 0) + cases.join('');
  if (a.notes.length > 0) xml += `    <system-out>${xmlEscape(a.notes.join('\n'))}</system-out>\n`;
  return { xml: `${xml}  </testsuite>\n`, tests: cases.length };
}

export function renderCheckJunit(result: CheckResult): string {
  const suites = result.accounts.map((a) => accountSuite(a, result.generatedAt));
  const tests = suites.reduce((sum, s) => sum + s.tests, 0);
  const failures = result.violations.length;
  const errors = result.accounts.filter((a) => a.error !== null).length;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites${attr('name', 'looker-audit check')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', errors)}>\n` +
    `${suites.map((s) => s.xml).join('')}</testsuites>\n`
  );
}
