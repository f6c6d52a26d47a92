// Shared by the two scripts on the official SDK (@looker/sdk + @looker/sdk-node): settings from code, not from
// a looker.ini or LOOKERSDK_* variables, and the licence tier computed the simple way a script author would.
import { Looker40SDK } from '@looker/sdk';
import { NodeSession, NodeSettings } from '@looker/sdk-node';

// sdk-rtl 26.x baseTransport logs "AbortSignal.timeout is not defined" through console.debug on every request
// that carries no cancel signal (a misplaced else): hundreds of lines on stdout that are noise, not work.
console.debug = () => {};

/** Credentials come from readConfig() (NodeSettings alone reads only the environment); envPrefix '' so no
 *  LOOKERSDK_* variable of the machine running the benchmark leaks in. */
class BenchSettings extends NodeSettings {
  #credentials;
  constructor(baseUrl, credentials) {
    super('', {
      base_url: baseUrl,
      verify_ssl: true,
      timeout: 120,
      agentTag: 'looker-audit-bench',
      isConfigured: () => true,
      readConfig: () => ({}),
    });
    this.#credentials = credentials;
  }
  readConfig() {
    return { ...this.#credentials };
  }
}

export function createSdk(account) {
  return new Looker40SDK(
    new NodeSession(
      new BenchSettings(account.url, { client_id: account.clientId, client_secret: account.clientSecret }),
    ),
  );
}

/** BENCH_ACCOUNTS: a JSON list of { name, url, clientId, clientSecret } (sample values of the fake servers). */
export function accountsFromEnv() {
  const accounts = JSON.parse(process.env.BENCH_ACCOUNTS ?? '[]');
  if (!Array.isArray(accounts) || accounts.length === 0)
    throw new Error('BENCH_ACCOUNTS: expected a JSON list of accounts');
  return accounts;
}

// The `torii` rule set (docs/rules-file.md), written out as a script author would.
const TIERS = ['none', 'viewer', 'standard', 'developer'];
export function roleTier(role) {
  const name = String(role.name ?? '').toLowerCase();
  if (name.includes('admin') || name.includes('develop')) return 3;
  const set = role.permission_set ?? {};
  const has = (p) => set.all_access === true || (set.permissions ?? []).includes(p);
  if (has('explore') || has('use_sql_runner') || has('save_content')) return 2;
  if (has('access_data')) return 1;
  return 0;
}

/** Tier counts from users with role_ids/group_ids, groups with parent_group_ids/role_ids, and roles. */
export function countTiers(users, groups, roles) {
  const roleTiers = new Map(roles.map((r) => [String(r.id), roleTier(r)]));
  const groupsById = new Map(groups.map((g) => [String(g.id), g]));
  const counts = { users: users.length, developer: 0, standard: 0, viewer: 0, none: 0 };
  for (const user of users) {
    let best = 0;
    for (const id of user.role_ids ?? []) best = Math.max(best, roleTiers.get(String(id)) ?? 0);
    if (user.allow_roles_from_normal_groups !== false) {
      // Walk each group and its parents (a visited set, so a cycle cannot loop).
      const seen = new Set();
      const stack = [...(user.group_ids ?? [])].map(String);
      while (stack.length > 0) {
        const id = stack.pop();
        if (seen.has(id)) continue;
        seen.add(id);
        const group = groupsById.get(id);
        if (!group) continue;
        for (const roleId of group.role_ids ?? []) best = Math.max(best, roleTiers.get(String(roleId)) ?? 0);
        stack.push(...(group.parent_group_ids ?? []).map(String));
      }
    }
    counts[TIERS[best]]++;
  }
  return counts;
}

/** Tier counts when each user's effective roles came from user_roles (the server already expanded groups). */
export function countTiersFromUserRoles(rolesPerUser) {
  const counts = { users: rolesPerUser.length, developer: 0, standard: 0, viewer: 0, none: 0 };
  for (const roles of rolesPerUser) counts[TIERS[Math.max(0, ...roles.map(roleTier))]]++;
  return counts;
}

/** Runs main(); prints its JSON result on stdout; exit code 1 with the message (never the credentials) on failure. */
export function run(main) {
  main().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

/** The accounts one after the other, each in its own SDK session that is always logged out; prints the result. */
export function runPerAccount(auditOne) {
  run(async () => {
    const accounts = [];
    for (const account of accountsFromEnv()) {
      const sdk = createSdk(account);
      try {
        accounts.push({ account: account.name, ...(await auditOne(sdk)) });
      } finally {
        await sdk.authSession.logout();
      }
    }
    return { accounts };
  });
}
