/**
 * `explain <email|id>`: every route by which a role reaches the user, the winning one marked.
 */
import { emailKey } from '../snapshot/email.js';
import type { AccountAudit, AuditedUser, Grant } from './types.js';

export interface ExplainedGrant extends Grant {
  /** This grant decided the user's tier. */
  readonly winning: boolean;
}

export interface UserExplanation {
  readonly account: string;
  readonly user: AuditedUser;
  readonly grants: readonly ExplainedGrant[];
}

export type ExplainResult =
  | { readonly found: true; readonly query: string; readonly matches: readonly UserExplanation[] }
  | { readonly found: false; readonly query: string; readonly message: string };

function matches(user: AuditedUser, query: string): boolean {
  if (user.id === query) return true;
  return user.email !== null && emailKey(user.email) === emailKey(query);
}

/** Looks the user up by id or by email (case-insensitive) in every account given. */
export function explainUser(source: AccountAudit | readonly AccountAudit[], query: string): ExplainResult {
  const accounts: readonly AccountAudit[] = Array.isArray(source) ? source : [source as AccountAudit];
  const wanted = query.trim();
  const found: UserExplanation[] = [];
  for (const account of accounts) {
    for (const user of account.users) {
      if (!matches(user, wanted)) continue;
      const first = user.grants[0];
      // Under a rule set of Looker's own flags the tier is the flags', which no grant may have decided.
      const winner =
        first !== undefined && first.effective && first.tier !== 'none' && first.tier === user.license
          ? first
          : undefined;
      found.push({ account: account.name, user, grants: user.grants.map((g) => ({ ...g, winning: g === winner })) });
    }
  }
  if (found.length === 0) {
    const where = accounts.length === 1 ? `account "${accounts[0]?.name}"` : `${accounts.length} accounts`;
    return { found: false, query: wanted, message: `no user with email or id "${wanted}" in ${where}` };
  }
  return { found: true, query: wanted, matches: found };
}
