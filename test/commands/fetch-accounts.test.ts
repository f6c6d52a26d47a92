/**
 * fetchAccounts turns the failures an account can have (looker/'s typed errors, an unreadable secret) into its one
 * line naming the account, and lets anything else out as the bug it is, once every account has settled.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccounts } from '../../src/commands/shared/fetch-accounts.js';
import { LookerProtocolError } from '../../src/looker/errors.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import { accountFor, closeAll, harness, org, USERS } from '../looker/harness.js';

afterEach(closeAll);

const deps = { env: {}, log: () => {}, client: { sleep: async () => {} } };

describe('fetchAccounts', () => {
  it('an API error is the account failure, one line naming the account', async () => {
    const { fake } = await harness({ fake: { org: org(5, 1) } });
    fake.inject({ path: USERS }, { kind: 'status', status: 404 });
    const [outcome] = await fetchAccounts([accountFor(fake)], deps);
    expect(outcome?.ok).toBe(false);
    expect(outcome?.ok === false && outcome.error).toMatch(/^account "acme-prod": GET \/api\/4\.0\/users -> 404, /);
    expect(fake.liveSessions()).toBe(0);
  });

  it('a wrong secret says login refused, for that account', async () => {
    const { fake } = await harness();
    const account = accountFor(fake, { name: 'eu-staging', secret: { kind: 'literal', value: 'not-the-secret' } });
    const [outcome] = await fetchAccounts([account], deps);
    expect(outcome?.ok === false && outcome.error).toMatch(
      /^account "eu-staging": POST \/api\/4\.0\/login -> 404.*login refused/,
    );
  });

  it('a secret that cannot be read is the account failure, naming the variable, never a value', async () => {
    const { fake } = await harness();
    const account = accountFor(fake, { secret: { kind: 'env', name: 'NOT_SET_ANYWHERE' } });
    const [outcome] = await fetchAccounts([account], deps);
    expect(outcome?.ok === false && outcome.error).toBe(
      'account "acme-prod": environment variable NOT_SET_ANYWHERE (client_secret_env) is not set',
    );
  });

  it('a protocol error (a response that is not what the API documents) is the account failure', async () => {
    const { fake } = await harness();
    const [outcome] = await fetchAccounts([accountFor(fake)], deps, async () => {
      throw new LookerProtocolError('GET /api/4.0/users: expected a JSON array');
    });
    expect(outcome?.ok === false && outcome.error).toBe(
      'account "acme-prod": GET /api/4.0/users: expected a JSON array',
    );
  });

  it('anything else is a bug: rethrown as it is, after the other accounts settled and logged out', async () => {
    const a = await harness({ fake: { org: org(5, 1) } });
    const b = await harness({ fake: { org: org(5, 1) } });
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const finished: string[] = [];
    const run = fetchAccounts(
      [accountFor(a.fake, { name: 'a' }), accountFor(b.fake, { name: 'b' })],
      deps,
      async (client) => {
        if (client.account.name === 'a') throw bug;
        await fetchAccount(client);
        finished.push(client.account.name);
        return null;
      },
    );
    await expect(run).rejects.toBe(bug);
    expect(finished).toEqual(['b']);
    expect(b.fake.liveSessions()).toBe(0);
  });
});
