/**
 * Every credential type counts for the last login. The list of credentials to request is
 * derived from the official spec: a credential type added to the User schema later fails this test until
 * USER_FIELDS requests it (and narrow.ts reads it).
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { IUser } from '@looker/sdk';
import { fetchAccount, USER_FIELDS } from '../../src/looker/fetch-account.js';
import { narrowUser } from '../../src/looker/narrow.js';
import { loadSpec } from '../helpers/oas.js';
import { closeAll, harness, org } from './harness.js';

afterEach(closeAll);

type Schema = { $ref?: string; type?: string; items?: Schema; properties?: Record<string, Schema> };

/** The User properties `credentials_*` whose schema (or item schema) has `logged_in_at`. */
function credentialsWithLogin(): string[] {
  const schemas = (loadSpec().components as { schemas: Record<string, Schema> }).schemas;
  const resolve = (schema: Schema | undefined): Schema | undefined =>
    schema?.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  const user = schemas.User?.properties ?? {};
  return Object.entries(user)
    .filter(([name]) => name.startsWith('credentials_'))
    .filter(([, schema]) => {
      const target = resolve(schema.type === 'array' ? schema.items : schema);
      return target?.properties?.logged_in_at !== undefined;
    })
    .map(([name]) => name)
    .sort();
}

/** `credentials_x(a,b)` -> { credentials_x: ['a', 'b'] } */
function requested(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of USER_FIELDS.matchAll(/(credentials_[a-z0-9_]+)\(([^)]*)\)/g))
    out.set(match[1] as string, (match[2] as string).split(','));
  return out;
}

describe('USER_FIELDS against the spec', () => {
  it('requests logged_in_at of every credential type the User schema has with one', () => {
    const fromSpec = credentialsWithLogin();
    // The 26.x spec: email, embed, google, ldap, looker_openid, oidc, saml, workforce (not api3, not totp).
    expect(fromSpec).toEqual(expect.arrayContaining(['credentials_email', 'credentials_workforce']));
    const fields = requested();
    for (const name of fromSpec) {
      expect([name, fields.get(name)?.includes('logged_in_at') ?? false]).toEqual([name, true]);
    }
  });

  it('narrowUser reads the last login of each of those credential types', () => {
    for (const name of credentialsWithLogin()) {
      const at = '2026-11-20T09:00:00.000+00:00';
      const credential = { logged_in_at: at };
      const raw = { id: '1', [name]: name === 'credentials_embed' ? [credential] : credential } as IUser;
      expect([name, narrowUser(raw).loginTimes]).toEqual([name, [at]]);
    }
  });
});

describe('a Workforce Identity user against the sample instance', () => {
  it('has a last login (it is not "never logged in")', async () => {
    const organisation = org(3, 0);
    const target = organisation.users[0]!;
    target.login = 'workforce';
    target.extra_logins = {};
    target.logged_in_at = '2026-11-20T09:00:00.000+00:00';
    const { client } = await harness({ fake: { org: organisation } });
    const snapshot = await fetchAccount(client);
    const user = snapshot.users.find((u) => u.id === target.id);
    expect(user?.loginTimes).toEqual(['2026-11-20T09:00:00.000+00:00']);
  });
});
