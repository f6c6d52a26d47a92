/**
 * The sample instance's activity history, what its System Activity explores are computed from: queries (by user,
 * source, workspace and day), events (git), Looks and dashboards created, and API logins. Deterministic: the
 * built-in sample has a hand-written history in which every right-sizing rule (audit/rightsize.ts) has users
 * that hit it (SAMPLE_USAGE_CASES); any other organisation gets one derived from its users (ids, kinds, last
 * logins), so the same organisation always has the same history.
 */
import { DAY_MS, isoDay } from '../days.js';
import type { FakeUser, Organisation } from './org.js';

export interface ActivityQuery {
  readonly user_id: string;
  /** `history.source`, raw form (`explore`); the server can render the older display labels. */
  readonly source: string;
  readonly workspace_id: 'production' | 'dev';
  /** YYYY-MM-DD */
  readonly date: string;
  readonly count: number;
}

export interface ActivityEvent {
  readonly user_id: string;
  readonly category: string;
  readonly name: string;
  readonly date: string;
  readonly count: number;
}

export interface ActivityContent {
  readonly user_id: string;
  readonly kind: 'look' | 'dashboard';
  readonly date: string;
}

export interface ActivityHistory {
  readonly queries: readonly ActivityQuery[];
  readonly events: readonly ActivityEvent[];
  readonly content: readonly ActivityContent[];
  /** user id -> last API login date (YYYY-MM-DD); absent: never. */
  readonly apiLogins: Readonly<Record<string, string>>;
}

/** The day the sample's history was taken ("today" for its dates); tests run the audit at 2026-11-23 too. */
export const SAMPLE_ACTIVITY_DATE = '2026-11-23';

/**
 * Users of the built-in sample per right-sizing case (with prices developer 1650, standard 800, viewer 400, a
 * 90-day window ending SAMPLE_ACTIVITY_DATE, rules torii): what right-sizing recommends for each.
 */
export const SAMPLE_USAGE_CASES = {
  developerKeeps: { user: '2', to: null, saving: null, note: 'Ben: Development Mode queries and git commits' },
  developerToViewer: { user: '3', to: 'viewer', saving: 1250, note: 'Chloe: Developer who only reads dashboards' },
  developerToStandard: { user: '17', to: 'standard', saving: 850, note: 'Pia: Developer who explores and builds' },
  developerReclaim: { user: '9', to: 'reclaim', saving: 1650, note: 'Iris: last login and query before the window' },
  standardKeepsExplore: { user: '4', to: null, saving: null, note: 'Dan: explores' },
  standardKeepsSqlRunner: { user: '8', to: null, saving: null, note: 'Hugo: SQL Runner' },
  standardKeepsExploreLabel: { user: '19', to: null, saving: null, note: 'Rosa: explores' },
  standardToViewer: { user: '5', to: 'viewer', saving: 400, note: 'Eva: dashboards and drills only' },
  standardToViewerLooks: { user: '23', to: 'viewer', saving: 400, note: 'Vic: saved Looks only' },
  notPersonUse: { user: '21', to: 'viewer', saving: 400, note: 'Tara: only schedules and filter suggestions' },
  useWithoutLogin: { user: '20', to: 'viewer', saving: 400, note: 'Sam: no login in the window, dashboard queries' },
  neverLoggedIn: { user: '15', to: 'reclaim', saving: 800, note: 'Nora: never logged in' },
  viewerNeverLoggedIn: { user: '18', to: 'reclaim', saving: 400, note: 'Quinn: Viewer, never logged in' },
  serviceNoApiLogin: { user: '13', to: 'reclaim', saving: 800, note: 'Mia (ETL): last API login 2026-07-01' },
  viewerKeeps: { user: '11', to: null, saving: null, note: 'Kim: Viewer reading dashboards' },
  viewerLoginsOnly: { user: '6', to: null, saving: null, note: 'Finn: Viewer with logins only' },
  apiUserExcluded: { user: '1', to: null, saving: null, note: 'Ada: the API user, never judged' },
  embedNotJudged: { user: '12', to: null, saving: null, note: 'Leo: embed user' },
  supportNotJudged: { user: '14', to: null, saving: null, note: 'Looker Support' },
  disabledNotJudged: { user: '22', to: null, saving: null, note: 'Uma: disabled Admin' },
  identityProviderGroup: {
    user: '25',
    to: 'viewer',
    saving: 400,
    note: 'Yara: Explorer through an IdP group, reads dashboards',
  },
} as const;

const q = (user_id: string, source: string, count: number, date: string, dev = false): ActivityQuery => ({
  user_id,
  source,
  workspace_id: dev ? 'dev' : 'production',
  date,
  count,
});

export function sampleActivity(): ActivityHistory {
  return {
    queries: [
      // Ada is the API user: the audit's own queries (api3) and her Development Mode work are not judged.
      q('1', 'api3', 120, '2026-11-22'),
      q('1', 'explore', 30, '2026-11-20', true),
      q('2', 'explore', 25, '2026-11-18', true),
      q('2', 'dashboard', 10, '2026-11-17'),
      q('3', 'dashboard', 14, '2026-11-02'),
      q('3', 'look', 3, '2026-10-20'),
      q('4', 'explore', 22, '2026-10-30'),
      q('4', 'dashboard', 5, '2026-10-28'),
      q('5', 'dashboard', 30, '2026-11-21'),
      q('5', 'drill_modal', 4, '2026-11-21'),
      q('8', 'sqlrunner', 12, '2026-11-19'),
      // Before the window: filtered out by `history.created_date: 90 days`.
      q('9', 'dashboard', 6, '2026-08-05'),
      q('10', 'dashboard', 1, '2026-06-01'),
      q('11', 'dashboard', 8, '2026-11-10'),
      q('12', 'private_embed', 40, '2026-11-17'),
      q('13', 'api3', 300, '2026-07-01'),
      q('14', 'explore', 3, '2026-10-01'),
      q('16', 'dashboard', 2, '2026-11-08'),
      q('17', 'explore', 9, '2026-11-21'),
      q('17', 'dashboard', 6, '2026-11-20'),
      q('19', 'explore', 11, '2026-11-12'),
      q('20', 'dashboard', 6, '2026-11-05'),
      q('21', 'scheduled_task', 40, '2026-11-20'),
      q('21', 'suggest', 7, '2026-11-16'),
      q('23', 'look', 9, '2026-11-03'),
      q('24', 'dashboard', 3, '2026-10-21'),
      q('25', 'dashboard', 12, '2026-11-19'),
    ],
    events: [
      { user_id: '2', category: 'git', name: 'git_commit', date: '2026-11-18', count: 6 },
      { user_id: '2', category: 'git', name: 'git_pull_production', date: '2026-11-18', count: 2 },
      { user_id: '17', category: 'dashboard', name: 'create_dashboard', date: '2026-11-15', count: 2 },
    ],
    content: [
      { user_id: '17', kind: 'dashboard', date: '2026-11-15' },
      { user_id: '17', kind: 'dashboard', date: '2026-11-16' },
    ],
    apiLogins: { '1': '2026-11-22', '13': '2026-07-01' },
  };
}

/** A number in [0, 1) from a string and a salt (FNV-1a, then a mix): the same user always gets the same history. */
function unit(text: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

function lastLoginMs(user: FakeUser): number | null {
  const times = [user.logged_in_at, ...Object.values(user.extra_logins ?? {})]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t))
    .filter((ms) => Number.isFinite(ms));
  return times.length === 0 ? null : Math.max(...times);
}

/**
 * A history for any organisation: each user's use falls in the 30 days before their last login (so idle users
 * are idle in System Activity too). About 12% work in Development Mode (with git events), 23% explore or use SQL
 * Runner, 45% read dashboards and Looks, 10% have only scheduled runs, the rest logins only; service accounts
 * query through the API; embed users through private embedding.
 */
export function generatedActivity(org: Organisation): ActivityHistory {
  const queries: ActivityQuery[] = [];
  const events: ActivityEvent[] = [];
  const content: ActivityContent[] = [];
  const apiLogins: Record<string, string> = {};
  for (const user of org.users) {
    const last = lastLoginMs(user);
    if (last === null || user.verified_looker_employee === true) continue;
    const r = unit(user.id, 1);
    const count = 1 + Math.floor(unit(user.id, 2) * 40);
    const day = (salt: number) => isoDay(last - Math.floor(unit(user.id, salt) * 30) * DAY_MS);
    if (user.is_service_account === true) {
      apiLogins[user.id] = isoDay(last);
      queries.push(q(user.id, 'api3', count * 10, isoDay(last)));
    } else if (user.embed === true) {
      queries.push(q(user.id, 'private_embed', count, day(3)));
    } else if (r < 0.12) {
      queries.push(q(user.id, 'explore', count, day(3), true), q(user.id, 'dashboard', count, day(4)));
      events.push({ user_id: user.id, category: 'git', name: 'git_commit', date: day(5), count: 1 + (count % 7) });
    } else if (r < 0.35) {
      queries.push(q(user.id, unit(user.id, 6) < 0.7 ? 'explore' : 'sqlrunner', count, day(3)));
      if (unit(user.id, 7) < 0.3) content.push({ user_id: user.id, kind: 'look', date: day(8) });
    } else if (r < 0.8) {
      queries.push(q(user.id, unit(user.id, 6) < 0.7 ? 'dashboard' : 'look', count, day(3)));
    } else if (r < 0.9) {
      queries.push(q(user.id, 'scheduled_task', count, day(3)));
    }
  }
  return { queries, events, content, apiLogins };
}
