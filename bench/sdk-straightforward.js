// "SDK, straightforward": the loop most people write first: all_users, then user_roles for each user
// (the server expands groups), one call per user, then tiers. Small organisation only. Prints { accounts: [...] }.
import { countTiersFromUserRoles, runPerAccount } from './sdk-common.js';

runPerAccount(async (sdk) => {
  const users = await sdk.ok(sdk.all_users({ fields: 'id,email,is_disabled' }));
  const rolesPerUser = [];
  for (const user of users)
    rolesPerUser.push(await sdk.ok(sdk.user_roles({ user_id: String(user.id), fields: 'id,name,permission_set' })));
  return countTiersFromUserRoles(rolesPerUser);
});
