// "SDK, careful": the same bulk calls as looker-audit (roles, groups with hierarchy, users with the same
// trimmed fields) on the official SDK, with sequential limit/offset paging until a short page, one account after
// the other, then tiers computed simply. Prints { accounts: [tier counts...] }.
import { countTiers, runPerAccount } from './sdk-common.js';

const PAGE = 1000;
const MAX_PAGES = 10_000;
const ROLE_FIELDS = 'id,name,permission_set(all_access,permissions)';
const GROUP_FIELDS = 'id,name,parent_group_ids,role_ids';
const USER_FIELDS =
  'id,email,first_name,last_name,is_disabled,role_ids,group_ids,allow_roles_from_normal_groups,credentials_email(logged_in_at),credentials_saml(logged_in_at),credentials_google(logged_in_at),credentials_oidc(logged_in_at),credentials_ldap(logged_in_at),credentials_embed(id,logged_in_at)';

async function allPages(fetchPage) {
  const rows = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await fetchPage(page * PAGE);
    rows.push(...batch);
    if (batch.length < PAGE) return rows;
  }
  throw new Error(`more than ${MAX_PAGES} pages`);
}

runPerAccount(async (sdk) => {
  const roles = await sdk.ok(sdk.all_roles({ fields: ROLE_FIELDS, get_all_support_roles: true }));
  const groups = await allPages((offset) =>
    sdk.ok(sdk.search_groups_with_hierarchy({ fields: GROUP_FIELDS, limit: PAGE, offset, sorts: 'id' })),
  );
  const users = await allPages((offset) =>
    sdk.ok(sdk.all_users({ fields: USER_FIELDS, limit: PAGE, offset, sorts: 'id' })),
  );
  return countTiers(users, groups, roles);
});
