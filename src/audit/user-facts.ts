/**
 * Per-user facts that do not depend on roles: status, kind, display name, last login, inactivity.
 */
import type { LookerRole, LookerUser } from '../looker/types.js';
import type { UserKind, UserStatus } from './types.js';

const DAY_MS = 86_400_000;

export function userStatus(user: LookerUser): UserStatus {
  return user.isDisabled ? 'disabled' : 'active';
}

/**
 * Whether a role is one of Looker's own support roles. Decision: only Looker's flag counts, never the name.
 * Role.internal ("Is this a Looker internal role", Looker.4.0.oas.json) marks them, and all_roles hides
 * them unless `get_all_support_roles` is set; a customer role named "Support Team" is an ordinary role.
 */
export function isLookerSupportRole(role: LookerRole): boolean {
  return role.internal;
}

/** Precedence looker_support > embed > service > standard (design.md section 5). */
export function userKind(user: LookerUser, holdsSupportRole: boolean): UserKind {
  if (user.verifiedLookerEmployee || holdsSupportRole) return 'looker_support';
  if (user.isEmbed) return 'embed';
  if (user.isServiceAccount) return 'service';
  return 'standard';
}

/** Only active standard and service users hold a seat; disabled users keep their tier but not a seat. */
export function countsTowardSeats(status: UserStatus, kind: UserKind): boolean {
  return status === 'active' && (kind === 'standard' || kind === 'service');
}

export function displayName(user: LookerUser): string {
  const display = user.displayName?.trim();
  if (display) return display;
  return [user.firstName, user.lastName]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' ');
}

/** A Looker timestamp as UTC ISO-8601, or null when absent or unparseable. */
export function isoTime(text: string | null): string | null {
  const ms = text === null ? Number.NaN : Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The latest parseable `logged_in_at` over all credential types, as UTC ISO-8601; unparseable entries are skipped. */
export function lastLoginAt(loginTimes: readonly string[]): string | null {
  let latest = Number.NEGATIVE_INFINITY;
  for (const text of loginTimes) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms) && ms > latest) latest = ms;
  }
  return Number.isFinite(latest) ? new Date(latest).toISOString() : null;
}

/** No login in the last `days` days (a user who never logged in is inactive): the `users --inactive-days` filter. */
export function isInactive(user: { readonly lastLoginAt: string | null }, now: Date, days: number): boolean {
  if (user.lastLoginAt === null) return true;
  return Date.parse(user.lastLoginAt) < now.getTime() - days * DAY_MS;
}

/**
 * For seat counts and reclaimable cost: `active` (a login within `days`), `inactive` (logins, none within `days`),
 * `never` (no login ever, and the account is older than `days` or its age is unknown), or `new` (no login yet,
 * created within `days`: too new to call idle, so not counted as reclaimable), or `unknown` (a service account
 * with no login: it works through API3 keys, and CredentialsApi3 has no last-used time, so idleness cannot be told).
 */
export type Activity = 'active' | 'inactive' | 'never' | 'new' | 'unknown';

export function activityOf(
  user: { readonly lastLoginAt: string | null; readonly createdAt: string | null; readonly kind?: string },
  now: Date,
  days: number,
): Activity {
  const cutoff = now.getTime() - days * DAY_MS;
  if (user.lastLoginAt !== null) return Date.parse(user.lastLoginAt) < cutoff ? 'inactive' : 'active';
  if (user.kind === 'service') return 'unknown';
  return user.createdAt !== null && Date.parse(user.createdAt) >= cutoff ? 'new' : 'never';
}
