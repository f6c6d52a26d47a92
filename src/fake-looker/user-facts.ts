/**
 * The `user_facts` flags of System Activity for the sample instance's users, computed as Looker computes them: from
 * the permissions of every role the user holds, directly or through groups at any depth (none from groups when
 * allow_roles_from_normal_groups is false), on at least one model (llooker/native_sys_activity,
 * user_facts.view.lkml: `is_developer` is "has the develop permission on at least one model", and so on).
 *
 * Only permissions count, never a role's name: so a role called "Report Admin" whose permissions are only see_*
 * gives no flag at all, where a rule on names calls its holders Developers.
 */
import { indexOrganisation, userRoleIds, type Organisation } from './org.js';

/**
 * The flags, as the `user_facts` view names them. The fake keeps its own list rather than the client's
 * (looker/system-activity-rows.ts): it stands for Looker, so a flag the client misnames is a test failure, not a match.
 */
export const FAKE_USER_FLAGS = [
  'is_admin',
  'is_developer',
  'is_explorer',
  'is_content_saver',
  'is_viewer',
  'is_embed',
  'is_looker_employee',
] as const;
export type FakeUserFacts = Readonly<Record<(typeof FAKE_USER_FLAGS)[number], boolean>>;

/** Each user's flags, by user id. */
export function userFacts(org: Organisation): Map<string, FakeUserFacts> {
  const index = indexOrganisation(org);
  const sets = new Map(org.permission_sets.map((p) => [p.id, p]));
  const models = new Map(org.model_sets.map((m) => [m.id, m]));
  const roles = new Map(org.roles.map((r) => [r.id, r]));
  const out = new Map<string, FakeUserFacts>();
  for (const user of org.users) {
    let admin = false;
    const held = new Set<string>();
    for (const roleId of userRoleIds(index, user, false)) {
      const role = roles.get(roleId);
      const set = role === undefined ? undefined : sets.get(role.permission_set_id);
      const modelSet = role === undefined ? undefined : models.get(role.model_set_id);
      // A permission "on a model" needs a model to hold it on.
      if (set === undefined || modelSet === undefined || (!modelSet.all_access && modelSet.models.length === 0))
        continue;
      // Looker's Admin role is the one with the all-access permission set: it holds every permission.
      if (set.all_access) admin = true;
      for (const permission of set.permissions) held.add(permission);
    }
    const has = (permission: string) => admin || held.has(permission);
    out.set(user.id, {
      is_admin: admin,
      is_developer: has('develop'),
      is_explorer: has('explore'),
      is_content_saver: has('save_content'),
      is_viewer: has('access_data'),
      is_embed: user.embed === true,
      // Looker's flag covers presumed staff too (llooker/native_sys_activity); the sample has verified staff only.
      is_looker_employee: user.verified_looker_employee === true,
    });
  }
  return out;
}
