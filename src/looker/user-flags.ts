/**
 * Looker's own per-user flags from System Activity, in one query: `POST /queries/run/json` on the `user` explore
 * with `user.id`, `user.is_disabled` and the `user_facts` flags, one row per user (user_facts is one row per user,
 * so no fan-out), every user included (the caller counts as Looker's User Activity dashboard does).
 *
 * One call and no field discovery: the flags are the same fields on every release seen (llooker/native_sys_activity
 * and Google's PSO dashboards), and a field Looker does not know is dropped from the rows (seen in use), so the
 * row keys are checked instead. HTTP only: what a flag means for a seat is audit/looker-flags.ts's.
 */
import { LookerApiError } from './errors.js';
import type { LookerClient } from './client.js';
import {
  PERMISSION_HINT,
  runSystemActivityQuery,
  SYSTEM_ACTIVITY_MODEL,
  Unavailable,
  unavailableReason,
  type UsageUnavailableCause,
} from './system-activity.js';
import { narrowUserFlags, USER_FLAGS, type Row, type UserFlagsRow } from './system-activity-rows.js';

export const USER_FLAGS_EXPLORE = 'user';
export const USER_FLAG_FIELDS: readonly string[] = [
  'user.id',
  'user.is_disabled',
  ...USER_FLAGS.map((flag) => `user_facts.${flag}`),
];

/** What reading the flags costs: one query call. */
export const USER_FLAGS_CALLS = 1;

export type UserFlagsRead =
  | { readonly ok: true; readonly rows: readonly UserFlagsRow[] }
  | {
      readonly ok: false;
      readonly cause: UsageUnavailableCause;
      /** One line naming the cause, and the permission to grant where that is the fix. */
      readonly message: string;
    };

/** Every queried field must be a key of every row: Looker drops a field it does not know instead of failing. */
function checkFields(rows: readonly Row[]): void {
  const absent = USER_FLAG_FIELDS.filter((field) => rows.some((row) => !(field in row)));
  if (absent.length > 0)
    throw new Unavailable(
      'missing_field',
      `System Activity: field ${absent.join(', ')} is missing on this Looker release, so Looker's own flags cannot be read`,
    );
}

/**
 * Reads the flags inside an open session. A missing permission, model or field and a malformed, failed or possibly
 * truncated result come back as `ok: false`; the call budget, a stop and bugs are thrown.
 */
export async function readUserFlags(client: LookerClient): Promise<UserFlagsRead> {
  try {
    let rows: Row[];
    try {
      rows = await runSystemActivityQuery(client, {
        explore: USER_FLAGS_EXPLORE,
        fields: USER_FLAG_FIELDS,
        filters: {},
      });
    } catch (error) {
      // 404: no such model or explore, or one the API user may not see (seen in use).
      if (error instanceof LookerApiError && error.status === 404)
        throw new Unavailable(
          'no_model',
          `System Activity: the ${SYSTEM_ACTIVITY_MODEL} model or its "${USER_FLAGS_EXPLORE}" explore is not visible (404): ${PERMISSION_HINT}`,
        );
      throw error;
    }
    // Every instance has at least the API user: no row at all is not an answer to trust.
    if (rows.length === 0) throw new Unavailable('bad_result', 'System Activity: the user query returned no rows');
    checkFields(rows);
    return { ok: true, rows: rows.map(narrowUserFlags).filter((row): row is UserFlagsRow => row !== null) };
  } catch (error) {
    return { ok: false, ...unavailableReason(error) };
  }
}
