/**
 * The sample instance shows what SAMPLE_CASE_NOTES says it shows, through the real pipeline: the audit's own
 * client fetches it from the fake, the pure audit core classifies it with both built-in rule sets.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auditAccount, LOOKER_RULES, TORII_RULES, type AccountAudit, type AuditedUser } from '../../src/audit/index.js';
import { SAMPLE_CASES, SAMPLE_CREDENTIALS, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { createLookerClient } from '../../src/looker/client.js';
import { fetchAccount } from '../../src/looker/fetch-account.js';
import type { RawSnapshot } from '../../src/looker/types.js';

let fake: FakeLooker;
let snapshot: RawSnapshot;
let torii: AccountAudit;
let looker: AccountAudit;

beforeAll(async () => {
  fake = await startFakeLooker();
  const client = createLookerClient({
    account: {
      name: 'sample',
      url: fake.url,
      clientId: SAMPLE_CREDENTIALS.clientId,
      secret: { kind: 'literal', value: SAMPLE_CREDENTIALS.clientSecret },
      verifyTls: true,
      timeoutMs: 10_000,
      allowInsecureHttp: true,
    },
    resolveSecret: async () => SAMPLE_CREDENTIALS.clientSecret,
    sleep: async () => {},
  });
  snapshot = await fetchAccount(client);
  torii = auditAccount(snapshot, TORII_RULES);
  looker = auditAccount(snapshot, LOOKER_RULES);
});
afterAll(() => fake.close());

const user = (audit: AccountAudit, id: string): AuditedUser => {
  const found = audit.users.find((u) => u.id === id);
  if (!found) throw new Error(`no user ${id} in the audit`);
  return found;
};

describe('the sample instance, audited', () => {
  it('fetches every user and leaves no session open', () => {
    expect(torii.users).toHaveLength(fake.org.users.length);
    expect(fake.liveSessions()).toBe(0);
  });

  it('Ada (direct Admin) and Uma (disabled Admin) are developers; only Ada holds a seat', () => {
    expect(user(torii, SAMPLE_CASES.directAdmin)).toMatchObject({
      license: 'developer',
      status: 'active',
      countsTowardSeats: true,
    });
    expect(user(torii, SAMPLE_CASES.disabledDeveloper)).toMatchObject({
      license: 'developer',
      status: 'disabled',
      countsTowardSeats: false,
    });
  });

  it('Ben is a developer through a group three levels up', () => {
    const ben = user(torii, SAMPLE_CASES.developerThreeLevelsUp);
    expect(ben.license).toBe('developer');
    for (const name of ['LookML Developer', 'Dashboards Guild', 'BI Engineers', 'BI', 'Analytics'])
      expect(ben.reason).toContain(name);
  });

  it('Hugo gets SQL Analysts through a group cycle without hanging', () => {
    expect(user(torii, SAMPLE_CASES.groupCycle)).toMatchObject({ license: 'standard', roles: ['SQL Analysts'] });
  });

  it('Iris\'s "Report Admin" (only see_*) is developer under torii and viewer under looker', () => {
    expect(user(torii, SAMPLE_CASES.rulesDisagree).license).toBe('developer');
    expect(user(looker, SAMPLE_CASES.rulesDisagree).license).toBe('viewer');
  });

  it('Kim takes no roles from groups; Jack has none at all', () => {
    expect(user(torii, SAMPLE_CASES.noGroupRoles)).toMatchObject({ license: 'viewer', roles: ['Viewer'] });
    expect(user(torii, SAMPLE_CASES.noRoles).license).toBe('none');
  });

  it('embed, service and support users get their kinds; only the service account counts toward seats', () => {
    expect(user(torii, SAMPLE_CASES.embed)).toMatchObject({ kind: 'embed', countsTowardSeats: false });
    expect(user(torii, SAMPLE_CASES.service)).toMatchObject({ kind: 'service', countsTowardSeats: true });
    expect(user(torii, SAMPLE_CASES.support)).toMatchObject({ kind: 'looker_support', countsTowardSeats: false });
  });

  it('last login: null for Nora, the latest credential for Rosa', () => {
    expect(user(torii, SAMPLE_CASES.neverLoggedIn).lastLoginAt).toBeNull();
    expect(Date.parse(user(torii, SAMPLE_CASES.severalLogins).lastLoginAt ?? '')).toBe(
      Date.parse('2026-11-12T09:15:00.000+00:00'),
    );
  });
});
