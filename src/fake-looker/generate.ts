/**
 * Deterministic organisations of any size from a seed (mulberry32): nested groups, realistic roles,
 * embed / service / support / disabled / never-logged-in users, logins spread over the year before a fixed
 * reference date (never the wall clock), so the same seed gives the same audit everywhere.
 */
import type { FakeGroup, FakeRole, FakeUser, LoginKind, Organisation } from './org.js';
import { sampleOrganisation } from './sample.js';

export interface OrgSpec {
  readonly seed: number;
  readonly users: number;
  readonly groups: number;
  /** Roles beyond the sample's eight built on the same permission sets (default 8 in all). */
  readonly roles?: number;
  /** Levels of group nesting (default 3): level-0 groups have no parent. */
  readonly nestingDepth?: number;
}

export const REFERENCE_DATE = Date.UTC(2026, 10, 1); // 2026-11-01

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Alex', 'Blake', 'Casey', 'Drew', 'Emery', 'Finley', 'Gray', 'Harper', 'Indy', 'Jordan', 'Kai', 'Logan', 'Morgan', 'Noa', 'Oakley', 'Parker', 'Quinn', 'Riley', 'Sage', 'Taylor'];
const LAST = ['Adams', 'Brown', 'Clark', 'Davis', 'Evans', 'Flores', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez', 'Martin', 'Nguyen', 'Olsen', 'Patel', 'Quinn', 'Rossi', 'Smith', 'Tanaka'];
const LOGINS: LoginKind[] = ['email', 'saml', 'google', 'oidc'];

export function generateOrganisation(spec: OrgSpec): Organisation {
  const random = mulberry32(spec.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const base = sampleOrganisation();

  const customerRoles = base.roles.filter((r) => !r.internal);
  const roles: FakeRole[] = [...base.roles];
  for (let i = roles.length; i < (spec.roles ?? 8); i++) {
    const template = customerRoles[i % customerRoles.length] as FakeRole;
    roles.push({ ...template, id: String(i + 1), name: `${template.name} ${Math.floor(i / customerRoles.length) + 1}` });
  }
  const assignable = roles.filter((r) => !r.internal);

  const depth = Math.max(1, spec.nestingDepth ?? 3);
  const groups: FakeGroup[] = [];
  const levels: string[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < spec.groups; i++) {
    const id = String(i + 1);
    const level = i < depth ? i : Math.floor(random() * depth);
    const parentLevel = level > 0 ? levels[level - 1] : undefined;
    const parents = parentLevel && parentLevel.length > 0 ? [pick(parentLevel)] : [];
    groups.push({
      id,
      name: `Team ${id}`,
      parent_group_ids: parents,
      role_ids: random() < 0.6 ? [pick(assignable).id] : [],
      externally_managed: random() < 0.1,
      include_by_default: false,
    });
    levels[level]?.push(id);
  }

  const users: FakeUser[] = [];
  const yearMs = 365 * 24 * 3600 * 1000;
  for (let i = 0; i < spec.users; i++) {
    const id = String(i + 1);
    const first = pick(FIRST);
    const last = pick(LAST);
    const kind = random();
    const embed = kind < 0.02;
    const service = kind >= 0.02 && kind < 0.03;
    const support = kind >= 0.03 && kind < 0.035;
    const memberOf = groups.length === 0 ? [] : random() < 0.3 ? [pick(groups).id, pick(groups).id] : [pick(groups).id];
    const loggedIn = random() < 0.1 ? null : new Date(REFERENCE_DATE - Math.floor(random() * yearMs)).toISOString();
    users.push({
      id,
      first_name: first,
      last_name: last,
      email: embed ? null : `${first.toLowerCase()}.${last.toLowerCase()}.${id}@example.com`,
      is_disabled: random() < 0.03,
      role_ids: support ? ['8'] : random() < 0.1 ? [pick(assignable).id] : [],
      group_ids: [...new Set(memberOf)],
      ...(embed ? { embed: true, allow_roles_from_normal_groups: false } : {}),
      ...(service ? { is_service_account: true } : {}),
      ...(support ? { verified_looker_employee: true } : {}),
      ...(embed || service ? {} : { login: pick(LOGINS) }),
      logged_in_at: loggedIn,
      created_at: new Date(REFERENCE_DATE - 2 * yearMs).toISOString(),
    });
  }
  return { permission_sets: base.permission_sets, model_sets: base.model_sets, roles, groups, users };
}
