/**
 * The "why" of a user's tier in a few words, for tables (`users`, `check`): the role that decided the tier and the
 * group path it came through (`LookML Developer via BI <- Analytics`, `Admin (direct)`). The rule that fired and
 * the full sentence are the CSV's and JSON's `reason`. PURE.
 */
import type { AuditedUser, Grant } from './types.js';

/** Users holding the same access share their grants array, so the text is made once per access. */
const shortReasons = new WeakMap<readonly Grant[], string>();
export function shortReason(user: AuditedUser): string {
  let text = shortReasons.get(user.grants);
  if (text === undefined) {
    const best = user.license === 'none' ? undefined : user.grants.find((g) => g.effective);
    text =
      best === undefined
        ? user.reason.replace(/^none: /, '')
        : `${best.roleName}${best.via.length === 0 ? ' (direct)' : ` via ${best.via.join(' <- ')}`}`;
    shortReasons.set(user.grants, text);
  }
  return text;
}
