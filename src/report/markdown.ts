/**
 * Markdown for CI step summaries (GitHub's `$GITHUB_STEP_SUMMARY`) and merge-request comments: `summary`,
 * `check` and `diff`. PURE. GitHub-flavoured tables, one per view.
 *
 * Remote text is untrusted here too: every remote string goes through the one escaper, `md()` (markdown-text.ts).
 */
import { grouped, plural } from '../counts.js';
import type { CheckResult } from '../audit/policy.js';
import { GRANTING_TIERS, ruleSetSentence, VIOLATION_KINDS, VIOLATION_LABELS } from '../vocabulary.js';
import { passedText } from './check.js';
import type { SnapshotDiff } from '../audit/diff.js';
import type { ReportSummary, SeatSummary } from '../audit/summary.js';
import { LOOKER_SOURCE } from './looker-verdict.js';
import { diffRows } from './diff.js';
import { markdownTable, md } from './markdown-text.js';
import { moneyFormat } from './summary.js';

const SEAT_TIERS = GRANTING_TIERS;

export function renderSummaryMarkdown(summary: ReportSummary): string {
  const days = summary.inactiveDays;
  const priced = summary.totals.totalCost !== null;
  const money = moneyFormat(summary.currency);
  const head = ['account', ...SEAT_TIERS, 'users', ...(days === null ? [] : [`no login ${days} d`])];
  if (priced) head.push('cost / year', ...(days === null ? [] : ['inactive cost / year']));
  const inactive = (s: SeatSummary) => SEAT_TIERS.reduce((sum, t) => sum + (s.inactiveSeats?.[t] ?? 0), 0);
  const cells = (s: SeatSummary) => [
    ...SEAT_TIERS.map((t) => grouped(s.seats[t])),
    grouped(s.users),
    ...(days === null ? [] : [grouped(inactive(s))]),
    // Escaped like remote text: GitHub reads two `$` on one line as inline maths.
    ...(priced ? [md(money(s.totalCost))] : []),
    ...(priced && days !== null ? [md(money(s.inactiveCost))] : []),
  ];
  const rows = summary.accounts.map((a) =>
    a.error === null ? [md(a.account), ...cells(a)] : [md(a.account), ...head.slice(1).map(() => 'failed')],
  );
  if (summary.accounts.length > 1) rows.push(['**total**', ...cells(summary.totals).map((c) => `**${c}**`)]);
  const failed = summary.accounts.filter((a) => a.error !== null);
  return (
    '### Looker licence seats\n\n' +
    markdownTable(head, rows, ['l', ...head.slice(1).map(() => 'r' as const)]) +
    (failed.length === 0
      ? ''
      : '\n' +
        failed.map((a) => `> **${md(a.account)}** could not be audited: ${md(a.error ?? '')}`).join('\n>\n') +
        '\n') +
    `\nGenerated ${md(summary.generatedAt)}` +
    (days === null ? '' : `; no login in ${days} days counts never-logged-in seats too`) +
    `.\nRule set ${md(ruleSetSentence(summary.rules))}\n` +
    lookerMarkdown(summary)
  );
}

/** `summary --compare`: Looker's own count beside the seats, and the seats on which they disagree. */
function lookerMarkdown(summary: ReportSummary): string {
  const comparison = summary.looker;
  if (comparison === undefined) return '';
  const rows = summary.accounts.flatMap((a) => {
    if (a.error !== null) return [];
    const count = comparison.accounts.find((c) => c.account === a.account)?.count ?? null;
    return [
      [md(a.account), md(summary.rules), ...SEAT_TIERS.map((t) => grouped(a.seats[t]))],
      [md(a.account), 'Looker', ...SEAT_TIERS.map((t) => (count === null ? 'not read' : grouped(count[t])))],
    ];
  });
  if (summary.accounts.length > 1 && comparison.totals !== null) {
    const totals = comparison.totals;
    rows.push(['**total**', md(summary.rules), ...SEAT_TIERS.map((t) => `**${grouped(summary.totals.seats[t])}**`)]);
    rows.push(['**total**', 'Looker', ...SEAT_TIERS.map((t) => `**${grouped(totals[t])}**`)]);
  }
  const multi = summary.accounts.length > 1;
  const users = comparison.disagreements.map((d) => [
    ...(multi ? [md(d.account)] : []),
    md(d.user.email ?? d.user.name),
    d.user.license,
    d.looker.tier,
    md(d.user.reason),
    md(d.looker.reason),
  ]);
  return (
    `\n#### ${md(LOOKER_SOURCE)}\n\n` +
    markdownTable(['account', 'counted by', ...SEAT_TIERS], rows, ['l', 'l', ...SEAT_TIERS.map(() => 'r' as const)]) +
    (users.length === 0
      ? "\nNo seat has another tier under Looker's own flags.\n"
      : `\n${plural(users.length, 'seat', { show: grouped })} with another tier under Looker's own flags:\n\n` +
        markdownTable(
          [
            ...(multi ? ['account'] : []),
            'user',
            md(summary.rules),
            'Looker',
            `${md(summary.rules)} reason`,
            'Looker reason',
          ],
          users,
        ))
  );
}

export function renderCheckMarkdown(result: CheckResult): string {
  const n = result.violations.length;
  const failed = result.accounts.filter((a) => a.error !== null);
  const title =
    n > 0
      ? `### looker-audit check: ${plural(n, 'violation', { show: grouped })}`
      : failed.length > 0
        ? '### looker-audit check: incomplete'
        : '### looker-audit check: passed';
  const multi = result.accounts.length > 1;
  const rows = result.violations.map((v) => [
    ...(multi ? [md(v.account)] : []),
    v.kind,
    v.email === null ? (v.userId === null ? '' : md(`user ${v.userId}`)) : md(v.email),
    v.tier,
    md(v.detail),
    md(v.reason ?? ''),
  ]);
  // The kinds found, each with its label: the word stays the one JSON and JUnit use.
  const kinds = VIOLATION_KINDS.filter((kind) => result.violations.some((v) => v.kind === kind));
  const legend = kinds.map((kind) => `\`${kind}\`: ${VIOLATION_LABELS[kind].label}`).join('; ');
  const lines = result.accounts.map((a) => {
    if (a.error !== null) return `- **${md(a.account)}**: could not be audited: ${md(a.error)}`;
    if (a.violations.length > 0)
      return `- **${md(a.account)}**: ${plural(a.violations.length, 'violation', { show: grouped })}`;
    if (a.checked.length === 0) return `- **${md(a.account)}**: nothing to check`;
    return `- **${md(a.account)}**: passed: ${md(passedText(a.checked))}`;
  });
  return (
    `${title}\n\n` +
    (rows.length === 0
      ? ''
      : markdownTable([...(multi ? ['account'] : []), 'violation', 'user', 'tier', 'detail', 'reason'], rows) +
        `\n${legend}.\n\n`) +
    `${lines.join('\n')}\n\nGenerated ${md(result.generatedAt)}.\nRule set ${md(ruleSetSentence(result.rules))}\n`
  );
}

export function renderDiffMarkdown(diff: SnapshotDiff): string {
  const rows = diffRows(diff);
  const title = `### Looker seats: changes from ${md(diff.old.generatedAt)} to ${md(diff.new.generatedAt)}`;
  const note =
    diff.old.rules === diff.new.rules
      ? ''
      : `\nThe snapshots use different rule sets (${md(diff.old.rules)}, then ${md(diff.new.rules)}): tiers may differ for that reason alone.\n`;
  if (rows.length === 0) return `${title}\n\nNo changes.\n${note}`;
  const multi = diff.accounts.length > 1;
  const body = rows.map((r) => [
    ...(multi ? [md(r.account)] : []),
    r.change,
    md(r.role ?? r.email ?? (r.userId === null ? '' : `user ${r.userId}`)),
    md(r.fromText ?? r.from ?? ''),
    md(r.toText ?? r.to ?? ''),
    md(r.detail ?? ''),
  ]);
  return (
    `${title}\n\n${plural(rows.length, 'change', { show: grouped })}.\n${note}\n` +
    markdownTable([...(multi ? ['account'] : []), 'change', 'user / role', 'from', 'to', 'detail'], body)
  );
}
