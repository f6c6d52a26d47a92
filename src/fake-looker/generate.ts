/**
 * Deterministic organisations of any size from a seed (mulberry32): nested groups, realistic roles,
 * embed / service / support / disabled / never-logged-in users, logins spread over the year before a fixed
 * reference date (never the wall clock), so the same seed gives the same audit everywhere.
 */
import { DAY_MS } from '../days.js';
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
  /** Last logins fall in the year before this date (ISO string or ms; default REFERENCE_DATE): never the wall clock. */
  readonly referenceDate?: string | number;
}

export const REFERENCE_DATE = Date.UTC(2026, 10, 1); // 2026-11-01

// Bound once: global lookups are slow inside jest's vm contexts, and these run ~10 times per generated user.
const { imul, floor } = Math;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Alex',
  'Blake',
  'Casey',
  'Drew',
  'Emery',
  'Finley',
  'Gray',
  'Harper',
  'Indy',
  'Jordan',
  'Kai',
  'Logan',
  'Morgan',
  'Noa',
  'Oakley',
  'Parker',
  'Quinn',
  'Riley',
  'Sage',
  'Taylor',
];
const LAST = [
  'Adams',
  'Brown',
  'Clark',
  'Davis',
  'Evans',
  'Flores',
  'Garcia',
  'Hughes',
  'Ito',
  'Jones',
  'Khan',
  'Lopez',
  'Martin',
  'Nguyen',
  'Olsen',
  'Patel',
  'Quinn',
  'Rossi',
  'Smith',
  'Tanaka',
];
const YEAR_MS = 365 * DAY_MS;

/** Date.prototype.toISOString, with the date part cached per day: it dominated generating 20,000 users. */
const dayPrefixes = new Map<number, string>();
function isoString(ms: number): string {
  const day = floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const t = ms - day * DAY_MS;
  const pad = (n: number, width = 2) => `${n}`.padStart(width, '0');
  return `${prefix}${pad(floor(t / 3_600_000))}:${pad(floor(t / 60_000) % 60)}:${pad(floor(t / 1000) % 60)}.${pad(t % 1000, 3)}Z`;
}

const LOGINS: LoginKind[] = ['email', 'email', 'saml', 'saml', 'google', 'oidc', 'ldap'];

export function generateOrganisation(spec: OrgSpec): Organisation {
  const random = mulberry32(spec.seed);
  const reference = spec.referenceDate === undefined ? REFERENCE_DATE : new Date(spec.referenceDate).getTime();
  if (Number.isNaN(reference))
    throw new RangeError(`generateOrganisation: invalid referenceDate ${String(spec.referenceDate)}`);
  const pick = <T>(items: readonly T[]): T => items[floor(random() * items.length)] as T;
  const base = sampleOrganisation();

  const customerRoles = base.roles.filter((r) => !r.internal);
  const roles: FakeRole[] = [...base.roles];
  for (let i = roles.length; i < (spec.roles ?? 8); i++) {
    const template = customerRoles[i % customerRoles.length] as FakeRole;
    roles.push({ ...template, id: String(i + 1), name: `${template.name} ${floor(i / customerRoles.length) + 1}` });
  }
  const assignable = roles.filter((r) => !r.internal);

  const depth = Math.max(1, spec.nestingDepth ?? 3);
  const groups: FakeGroup[] = [];
  const levels: string[][] = Array.from({ length: depth }, () => []);
  for (let i = 0; i < spec.groups; i++) {
    const id = String(i + 1);
    const level = i < depth ? i : floor(random() * depth);
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
  const createdAt = isoString(reference - 2 * YEAR_MS);
  for (let i = 0; i < spec.users; i++) {
    const id = `${i + 1}`;
    const first = pick(FIRST);
    const last = pick(LAST);
    const kind = random();
    const embed = kind < 0.02;
    const service = kind >= 0.02 && kind < 0.03;
    const support = kind >= 0.03 && kind < 0.035;
    const groupIds = groups.length === 0 ? [] : [pick(groups).id];
    if (groups.length > 0 && random() < 0.3) {
      const second = pick(groups).id;
      if (second !== groupIds[0]) groupIds.push(second);
    }
    const loggedInMs = random() < 0.1 ? null : reference - floor(random() * YEAR_MS);
    const login = embed || service ? undefined : pick(LOGINS);
    const user: FakeUser = {
      id,
      first_name: first,
      last_name: last,
      email: embed ? null : `${first.toLowerCase()}.${last.toLowerCase()}.${id}@example.com`,
      is_disabled: random() < 0.03,
      role_ids: support ? ['8'] : random() < 0.1 ? [pick(assignable).id] : [],
      group_ids: groupIds,
      logged_in_at: loggedInMs === null ? null : isoString(loggedInMs),
      created_at: createdAt,
    };
    if (embed || random() < 0.01) user.allow_roles_from_normal_groups = false;
    if (embed) user.embed = true;
    if (service) user.is_service_account = true;
    if (support) user.verified_looker_employee = true;
    if (login) user.login = login;
    // Some SAML users kept the email login they had before SSO, last used earlier.
    if (login === 'saml' && loggedInMs !== null && random() < 0.2)
      user.extra_logins = { email: isoString(loggedInMs - floor(random() * YEAR_MS)) };
    users.push(user);
  }
  return { permission_sets: base.permission_sets, model_sets: base.model_sets, roles, groups, users };
}
