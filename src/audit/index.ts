// The pure audit core (design.md section 5): no I/O, no clock reads.
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
