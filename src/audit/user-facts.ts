/**
 * Per-user facts that do not depend on roles: status, kind, display name, last login, inactivity.
 */
import { daysBefore } from '../days.js';
import type { LookerRole, LookerUser } from '../looker/types.js';
import type { UserKind, UserStatus } from '../vocabulary.js';

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

/** Precedence looker_support > embed > service > regular (the README's "Kinds and seats"). */
export function userKind(user: LookerUser, holdsSupportRole: boolean): UserKind {
  if (user.verifiedLookerEmployee || holdsSupportRole) return 'looker_support';
  if (user.isEmbed) return 'embed';
  if (user.isServiceAccount) return 'service';
  return 'regular';
}

/** The kinds of user that take a licence seat: Looker's own support staff and embed users do not. */
const SEAT_KINDS: Readonly<Record<UserKind, boolean>> = {
  regular: true,
  service: true,
  embed: false,
  looker_support: false,
};

/** A disabled user keeps their tier but takes no seat. */
const SEAT_STATUSES: Readonly<Record<UserStatus, boolean>> = { active: true, disabled: false };

/** Why a user takes no seat: their status (`disabled`) or their kind (`embed`); null when they take one. */
export function noSeatReason(status: UserStatus, kind: UserKind): UserStatus | UserKind | null {
  if (!SEAT_STATUSES[status]) return status;
  return SEAT_KINDS[kind] ? null : kind;
}

/** Only active regular and service users hold a seat. */
export function countsTowardSeats(status: UserStatus, kind: UserKind): boolean {
  return SEAT_STATUSES[status] && SEAT_KINDS[kind];
}

export function displayName(user: LookerUser): string {
  const display = user.displayName?.trim();
  if (display) return display;
  return [user.firstName, user.lastName]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s !== '')
    .join(' ');
}

// Looker's timestamps look like 2019-10-18T17:44:21.000+00:00. In that shape, with fields that cannot roll over
// (Date.parse turns 2026-04-31 into May 1st), the UTC form is a matter of slicing: no Date, no garbage, a fraction
// of the cost on 100,000 users. Anything else goes through Date.parse.
const UTC_SHAPE =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{3})?(?:Z|\+00:00)$/;

/** A Looker timestamp as UTC ISO-8601 (`YYYY-MM-DDTHH:MM:SS.mmmZ`), or null when absent or unparseable. */
export function isoTime(text: string | null): string | null {
  if (text === null) return null;
  if (UTC_SHAPE.test(text)) {
    if (text.length === 24) return text;
    return `${text.slice(0, 19)}${text.charCodeAt(19) === 46 ? text.slice(19, 23) : '.000'}Z`;
  }
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

// Four-digit-year ISO strings order as their instants; the signed six-digit years of toISOString do not.
const plainYear = (iso: string) => iso.length === 24 && iso.charCodeAt(0) !== 43 && iso.charCodeAt(0) !== 45;

function later(a: string, b: string): boolean {
  return plainYear(a) && plainYear(b) ? a > b : Date.parse(a) > Date.parse(b);
}

/** The latest parseable `logged_in_at` over all credential types, as UTC ISO-8601; unparseable entries are skipped. */
export function lastLoginAt(loginTimes: readonly string[]): string | null {
  let latest: string | null = null;
  for (const text of loginTimes) {
    const iso = isoTime(text);
    if (iso !== null && (latest === null || later(iso, latest))) latest = iso;
  }
  return latest;
}

/** No login in the last `days` days (a user who never logged in is inactive): the `users --inactive-days` filter. */
export function isInactive(user: { readonly lastLoginAt: string | null }, now: Date, days: number): boolean {
  if (user.lastLoginAt === null) return true;
  return Date.parse(user.lastLoginAt) < daysBefore(now.getTime(), days);
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
  const cutoff = daysBefore(now.getTime(), days);
  if (user.lastLoginAt !== null) return Date.parse(user.lastLoginAt) < cutoff ? 'inactive' : 'active';
  if (user.kind === 'service') return 'unknown';
  return user.createdAt !== null && Date.parse(user.createdAt) >= cutoff ? 'new' : 'never';
}
