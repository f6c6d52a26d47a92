/**
 * `explain <email|id>`: the user's tier, the reason, and every grant with the winning one marked.
 * A no-match result is the CLI's to report (one line on stderr, exit 2); these render found users.
 */
import type { ExplainResult, UserExplanation } from '../audit/explain.js';
import { stringifyJson } from './json.js';
import { sanitize } from '../sanitize.js';
import { renderTable, tierColor, type TableOptions } from './table.js';

type Row = UserExplanation['grants'][number];

/** `explain --usage`: more for each match, lines for the table and an object for JSON (report/usage.ts). */
export interface ExplainExtra {
  readonly lines: (m: UserExplanation) => readonly string[];
  readonly json: (m: UserExplanation) => Readonly<Record<string, unknown>>;
}

/** Several extras as one, in the order given (`explain --usage --compare`); undefined for none. */
export function joinExplainExtras(extras: readonly (ExplainExtra | undefined)[]): ExplainExtra | undefined {
  const given = extras.filter((extra): extra is ExplainExtra => extra !== undefined);
  if (given.length <= 1) return given[0];
  return {
    lines: (m) => given.flatMap((extra) => extra.lines(m)),
    json: (m) => Object.assign({}, ...given.map((extra) => extra.json(m))) as Record<string, unknown>,
  };
}

function section(m: UserExplanation, options: TableOptions, extra?: ExplainExtra): string {
  const { chalk } = options;
  const u = m.user;
  const who = sanitize(u.email ?? u.name);
  const lines = [
    `${chalk.bold(who)} (id ${sanitize(u.id)}) in ${sanitize(m.account)}: ${tierColor(u.license, chalk)(u.license)}, ${u.status}, ${u.kind}${u.countsTowardSeats ? '' : ', takes no seat'}`,
    `reason: ${sanitize(u.reason)}`,
    ...(extra?.lines(m).map(sanitize) ?? []),
  ];
  if (m.grants.length === 0) return `${lines.join('\n')}\n`;
  const table = renderTable<Row>(
    [
      { header: '', value: (g) => (g.winning ? '*' : ''), min: 1, priority: 1 },
      { header: 'role', value: (g) => g.roleName, min: 12, priority: 1 },
      { header: 'tier', value: (g) => g.tier, min: 9, priority: 1, color: (t, g, c) => tierColor(g.tier, c)(t) },
      { header: 'via', value: (g) => (g.via.length === 0 ? '(direct)' : g.via.join(' <- ')), min: 12, priority: 1 },
      {
        header: 'rule',
        value: (g) => g.rule + (g.effective ? '' : ' (ignored: no roles from groups)'),
        min: 16,
        priority: 2,
      },
    ],
    m.grants,
    options,
  );
  return `${lines.join('\n')}\n${table}`;
}

export function renderExplainTable(result: ExplainResult, options: TableOptions, extra?: ExplainExtra): string {
  if (!result.found) return `${sanitize(result.message)}\n`;
  return result.matches.map((m) => section(m, options, extra)).join('\n');
}

export function renderExplainJson(result: ExplainResult, extra?: ExplainExtra): string {
  if (!result.found) return stringifyJson({ query: result.query, matches: [], message: result.message });
  return stringifyJson({
    query: result.query,
    matches: result.matches.map((m) => ({
      account: m.account,
      id: m.user.id,
      email: m.user.email,
      name: m.user.name,
      status: m.user.status,
      kind: m.user.kind,
      license: m.user.license,
      reason: m.user.reason,
      grants: m.grants.map((g) => ({
        role: g.roleName,
        role_id: g.roleId,
        tier: g.tier,
        rule: g.rule,
        via: g.via,
        effective: g.effective,
        winning: g.winning,
      })),
      ...(extra?.json(m) ?? {}),
    })),
  });
}
