// The pure audit core: no I/O, no clock reads (the clock comes in as `now`).
export * from './types.js';
export { auditAccount, failedAccount, startAccountAudit } from './account.js';
export { buildReport, filterReport } from './report-model.js';
export { summarise } from './summary.js';
export { explainUser } from './explain.js';
export { BUILT_IN_RULE_SETS, LOOKER_RULES, TORII_RULES, type RuleSet } from './rules.js';
export { parseRuleSet } from './rules-file.js';
export { applicableKinds, effectivePolicy, evaluatePolicy, type PolicyOverrides } from './policy.js';
export { diffSnapshots } from './diff.js';
export { seatHistory, type HistoryPoint } from './history.js';
export { flaggedOnly, mergePeople, type PeopleReport } from './people.js';
