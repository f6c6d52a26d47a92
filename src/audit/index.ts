// The pure audit core (design.md section 5): no I/O, no clock reads.
export * from './types.js';
export {
  auditAccount,
  failedAccount,
  startAccountAudit,
  type AccountAuditor,
  type AccountFacts,
  type UsersPage,
} from './account.js';
export { buildReport, filterReport, filterUsers, type UserFilter } from './report.js';
export {
  summarise,
  type ReportSummary,
  type AccountSummary,
  type SeatSummary,
  type Disagreement,
  type SummaryOptions,
} from './summary.js';
export { explainUser, type ExplainResult, type ExplainedGrant, type UserExplanation } from './explain.js';
export {
  BUILT_IN_RULE_SETS,
  LOOKER_RULES,
  TORII_RULES,
  evaluateRole,
  isBuiltInRuleSetName,
  type RuleSet,
  type TierMatcher,
} from './rules.js';
export { parseRuleSet } from './rules-file.js';
export { activityOf, isInactive, lastLoginAt, type Activity } from './user-facts.js';
export {
  applicableKinds,
  effectivePolicy,
  evaluatePolicy,
  matchAllowlist,
  type AccountCheck,
  type AllowVerdict,
  type CheckResult,
  type ConfiguredPolicy,
  type EffectivePolicy,
  type PolicyOptions,
  type PolicyOverrides,
  type Violation,
} from './policy.js';
export {
  diffSnapshots,
  roleTiers,
  type AccountDiff,
  type AccountDiffStatus,
  type DiffUser,
  type RoleTier,
  type RoleTierChange,
  type SnapshotDiff,
  type StatusChange,
  type TierChange,
  type UserPresence,
} from './diff.js';
