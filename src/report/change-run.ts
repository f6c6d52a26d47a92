/**
 * Views of an `apply` or `undo` run: a table for the terminal, Markdown for the pull request that reviewed the
 * plan, and JSON (the run as it is). PURE. Names come from the instance and server messages from Looker: the
 * table sanitises every cell, the Markdown escapes every remote string, the JSON escapes what JSON.stringify
 * leaves raw.
 */
import type { ChangeAccount, ChangeItem, ChangeRun, ChangeStep } from '../audit/change-run.js';
import { CHANGE_STATUSES, type ChangeStatus } from '../vocabulary.js';
import { stringifyJson } from './json.js';
import { sanitize } from '../sanitize.js';
import { markdownTable, md } from './markdown-text.js';
import { renderTable, type TableOptions } from './table.js';

const stepLine = (step: ChangeStep, wrap: (text: string) => string): string => {
  const what = wrap(step.what);
  switch (step.status) {
    case 'sent':
      return `${what}: ${step.http_status ?? 'no answer, found made'}`;
    case 'failed':
      return `${what}: failed (${step.http_status ?? 'no answer'})`;
    case 'already':
      return `${what}: made already`;
    case 'pending':
      return what;
  }
};

const userLabel = (item: ChangeItem) => item.email ?? (item.name === '' ? `user ${item.user_id}` : item.name);

/** The totals in words, in the vocabulary's order: `3 applied, 1 drifted, 2 blocked`. */
export function totalsText(run: ChangeRun): string {
  const parts = CHANGE_STATUSES.filter((s) => run.totals[s] > 0).map((s) => `${run.totals[s]} ${s}`);
  return parts.length === 0 ? 'nothing to do' : parts.join(', ');
}

/** The first line: what kind of run, and what comes next. */
function headline(run: ChangeRun): string {
  const what = run.mode === 'apply' ? 'Apply' : 'Undo';
  if (run.dry_run)
    return `${what} of ${run.source}, dry run: nothing was sent (${totalsText(run)}). Run again with --yes to send it.`;
  const journal = run.journal === null ? '' : ` Journal: ${run.journal}`;
  const undo = run.mode === 'apply' && run.journal !== null ? ` (looker-audit undo ${run.journal} puts it back)` : '';
  return `${what} of ${run.source}: ${totalsText(run)}.${journal}${undo}`;
}

interface Row {
  readonly account: ChangeAccount;
  readonly item: ChangeItem;
}

const rows = (run: ChangeRun): Row[] =>
  run.accounts.flatMap((account) => account.items.map((item) => ({ account, item })));

const STATUS_COLOURS: Readonly<Record<ChangeStatus, 'green' | 'yellow' | 'red' | 'gray'>> = {
  applied: 'green',
  restored: 'green',
  'would-apply': 'green',
  'would-restore': 'green',
  'already-done': 'gray',
  blocked: 'gray',
  drifted: 'yellow',
  failed: 'red',
  'not-attempted': 'yellow',
};

export function renderChangeTable(run: ChangeRun, options: TableOptions): string {
  const { chalk } = options;
  const list = rows(run);
  const many = run.accounts.length > 1;
  const table =
    list.length === 0
      ? 'Nothing to do.\n'
      : renderTable<Row>(
          [
            ...(many ? [{ header: 'account', value: (r: Row) => r.account.name, min: 8, priority: 3 }] : []),
            { header: 'user', value: (r) => userLabel(r.item), min: 12, priority: 1, whole: true },
            ...(run.mode === 'apply'
              ? [{ header: 'to', value: (r: Row) => r.item.to ?? '', min: 8, priority: 4 }]
              : []),
            {
              header: 'status',
              value: (r) => r.item.status,
              min: 13,
              priority: 1,
              color: (t, r) => chalk[STATUS_COLOURS[r.item.status]](t),
            },
            {
              header: 'writes',
              value: (r) => r.item.steps.map((s) => stepLine(s, (t) => t)).join('; '),
              min: 20,
              priority: 2,
            },
            { header: 'why', value: (r) => r.item.detail, min: 16, priority: 2 },
          ],
          list,
          options,
        );
  const errors = run.accounts.flatMap((a) => (a.error === null ? [] : [`${a.error}\n`]));
  return `${sanitize(headline(run))}\n${table}${errors.join('')}`;
}

export function renderChangeMarkdown(run: ChangeRun): string {
  const many = run.accounts.length > 1;
  const to = run.mode === 'apply';
  const failures = run.accounts.flatMap((a) => (a.error === null ? [] : [`> **${md(a.name)}**: ${md(a.error)}\n\n`]));
  const list = rows(run);
  const table =
    list.length === 0
      ? 'Nothing to do.\n'
      : markdownTable(
          [...(many ? ['account'] : []), 'user', ...(to ? ['to'] : []), 'status', 'writes', 'why'],
          list.map(({ account, item }) => [
            ...(many ? [md(account.name)] : []),
            md(userLabel(item)),
            ...(to ? [item.to ?? ''] : []),
            item.status,
            item.steps.map((s) => stepLine(s, md)).join('; '),
            md(item.detail),
          ]),
        );
  return `## Seat remediation: ${run.mode}${run.dry_run ? ' (dry run)' : ''}\n\n${md(headline(run))}\n\n${failures.join('')}${table}`;
}

export function renderChangeJson(run: ChangeRun): string {
  return stringifyJson(run);
}
