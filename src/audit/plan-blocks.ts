/**
 * Why a user is never planned as a change: the guards a careful Looker admin keeps. Looker itself only says that
 * "the last administrator user cannot be deleted" (API 4.0 delete_user, https://cloud.google.com/looker/docs/
 * reference/looker-api/latest/methods/User/delete_user); whether it refuses to disable one, or the caller's own
 * account, is not documented, so the tool refuses both, and everything Looker would undo by itself (a user or
 * group the identity provider manages: https://cloud.google.com/looker/docs/admin-panel-authentication-saml).
 */
import type { PlanBlock } from '../vocabulary.js';

/** The sentence for each block that needs no detail; the others are built where the detail is known. */
export const BLOCK_REASONS: Readonly<Record<Exclude<PlanBlock, 'identity-provider' | 'target-not-reached'>, string>> = {
  'api-user': 'the API user this plan runs as: it needs its own account to apply the plan',
  'looker-support': 'a Looker support user or verified Looker employee: Looker manages these accounts',
  embed: 'an embed user: embed users are licensed apart and are not reclaimed here',
  disabled: 'disabled already: the user holds no seat',
  'service-account': 'a service account: automations depend on it (plan it with --include-service-accounts)',
  'last-admin':
    'the last enabled person holding the Admin role (a service account cannot sign in): Looker must keep an administrator',
  'unknown-user': 'not found on the instance any more (deleted since the audit?)',
};

/** The identity provider owns what would have to change: any edit is reverted at the next login. */
export const IDP_ADVICE = 'change this in the IdP: Looker reapplies it at the next login';
