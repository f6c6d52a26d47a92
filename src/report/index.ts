// Pure renderers: each returns the string the caller writes, or for a large report its pieces.
export { renderTable, type Column, type TableOptions } from './table.js';
export { type Rendered } from './csv.js';
export { stringifyJson, usersJsonChunks } from './json.js';
export { renderUsersTable } from './users.js';
export { usersCsvAhead, usersCsvChunks } from './users-csv.js';
export { renderSummaryCsv, renderSummaryJson, renderSummaryTable } from './summary.js';
export { explainLooker, lookerTableColumns } from './looker-count.js';
export { renderRolesCsv, renderRolesJson, renderRolesTable } from './roles.js';
export { renderGroupsCsv, renderGroupsJson, renderGroupsTable } from './groups.js';
export { renderExplainJson, renderExplainTable } from './explain.js';
export { checkJsonChunks, renderCheckJunit, renderCheckTable } from './check.js';
export { diffJsonChunks, renderDiffCsv, renderDiffTable } from './diff.js';
export { renderCheckMarkdown, renderDiffMarkdown, renderSummaryMarkdown } from './markdown.js';
export { readLastSuccess, renderSummaryPrometheus } from './prometheus.js';
export type { HtmlRightsize, HtmlSection } from './html/model.js';
export { peopleJsonChunks, renderPeopleCsv, renderPeopleMarkdown, renderPeopleTable } from './people.js';
