// Pure renderers: each returns the string the caller writes, or for a large report its pieces.
export { sanitize } from './sanitize.js';
export { renderTable, tierColour, type Column, type TableOptions } from './table.js';
export { truncate } from './text-width.js';
export { csvChunks, renderCsv, type CsvCell, type Rendered } from './csv.js';
export { renderUsersJson, stringifyJson, toJsonDocument } from './json.js';
export { renderUsersCsv, renderUsersTable, usersCsvChunks, USERS_CSV_COLUMNS } from './users.js';
export { renderSummaryCsv, renderSummaryJson, renderSummaryTable, SUMMARY_CSV_COLUMNS } from './summary.js';
export { renderRolesCsv, renderRolesJson, renderRolesTable, ROLES_CSV_COLUMNS } from './roles.js';
export { renderGroupsCsv, renderGroupsJson, renderGroupsTable, GROUPS_CSV_COLUMNS } from './groups.js';
export { renderExplainJson, renderExplainTable } from './explain.js';
export { renderCheckJson, renderCheckJunit, renderCheckTable, xmlEscape } from './check.js';
export {
  DIFF_CSV_COLUMNS,
  diffRows,
  renderDiffCsv,
  renderDiffJson,
  renderDiffTable,
  type DiffChange,
  type DiffRow,
} from './diff.js';
