/**
 * looker/ reading Looker's own user flags on the sample instance: one query call, the rows narrowed (ids as
 * strings, "Yes"/"No" as booleans, a user without user_facts yet as null flags), the request the spec declares, and
 * every way the flags cannot be read coming back as `ok: false` with its cause, never as a thrown error.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { SAMPLE_ACTIVITY_DATE, SAMPLE_CREDENTIALS, sampleOrganisation } from '../../src/fake-looker/index.js';
import { CallBudgetError } from '../../src/looker/errors.js';
import { narrowUserFlags } from '../../src/looker/system-activity-rows.js';
import { readUserFlags, USER_FLAG_FIELDS, USER_FLAGS_CALLS } from '../../src/looker/user-flags.js';
import { checkRequest, validateComponent } from '../helpers/oas.js';
import { closeAll, harness, rejection } from './harness.js';

afterEach(closeAll);

const now = () => Date.parse(`${SAMPLE_ACTIVITY_DATE}T08:00:00Z`);
const QUERY = '/api/4.0/queries/run/json';

async function sample(systemActivity = {}, client = {}) {
  const h = await harness({ fake: { now, systemActivity }, client });
  await h.client.login();
  return h;
}

describe('readUserFlags', () => {
  it('one query call on the user explore: every user, every flag, narrowed', async () => {
    const { fake, client } = await sample();
    const before = client.calls;
    const read = await readUserFlags(client);
    if (!read.ok) throw new Error(read.message);
    expect(client.calls - before).toBe(USER_FLAGS_CALLS);
    expect(fake.requests.filter((r) => r.path.startsWith('/api/4.0/lookml_models/'))).toHaveLength(0);
    expect(fake.systemActivity.queries).toEqual([
      expect.objectContaining({ model: 'system__activity', view: 'user', fields: USER_FLAG_FIELDS, limit: '-1' }),
    ]);
    expect(read.rows).toHaveLength(sampleOrganisation().users.length);
    // Ada holds the Admin role (all access): every seat flag.
    expect(read.rows.find((r) => r.userId === '1')).toEqual({
      userId: '1',
      disabled: false,
      flags: {
        is_admin: true,
        is_developer: true,
        is_explorer: true,
        is_content_saver: true,
        is_viewer: true,
        is_embed: false,
        is_looker_employee: false,
      },
    });
    // Iris's only role is "Report Admin" (see_* permissions): no flag at all, whatever its name says.
    expect(read.rows.find((r) => r.userId === '9')?.flags).toMatchObject({
      is_admin: false,
      is_developer: false,
      is_explorer: false,
      is_content_saver: false,
      is_viewer: false,
    });
    expect(read.rows.find((r) => r.userId === '22')?.disabled).toBe(true);
    expect(read.rows.find((r) => r.userId === '12')?.flags?.is_embed).toBe(true);
    expect(read.rows.find((r) => r.userId === '14')?.flags?.is_looker_employee).toBe(true);
  });

  it('a user whose facts Looker has not computed yet: null flags, the others read', async () => {
    const { client } = await sample({ factsPending: ['5'] });
    const read = await readUserFlags(client);
    if (!read.ok) throw new Error(read.message);
    expect(read.rows.find((r) => r.userId === '5')).toEqual({ userId: '5', disabled: false, flags: null });
    expect(read.rows.find((r) => r.userId === '4')?.flags).not.toBeNull();
  });

  it('an API user without see_system_activity: Access Denied, the permission named', async () => {
    const { client } = await sample({ deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const read = await readUserFlags(client);
    expect(read).toMatchObject({ ok: false, cause: 'access_denied' });
    if (!read.ok) expect(read.message).toMatch(/see_system_activity/);
  });

  it('no system__activity model: 404, the permission named', async () => {
    const { client } = await sample({ noModel: true });
    const read = await readUserFlags(client);
    expect(read).toMatchObject({ ok: false, cause: 'no_model' });
    if (!read.ok) expect(read.message).toMatch(/not visible \(404\).*see_system_activity/);
  });

  it('a flag this release drops from the rows: unreadable, the field named', async () => {
    const { client } = await sample({ missingFields: ['user_facts.is_content_saver'] });
    const read = await readUserFlags(client);
    expect(read).toMatchObject({ ok: false, cause: 'missing_field' });
    if (!read.ok) expect(read.message).toContain('user_facts.is_content_saver');
  });

  it('a looker_error row, or malformed JSON: unreadable, never thrown', async () => {
    const failing = await sample({ failingExplores: ['user'] });
    expect(await readUserFlags(failing.client)).toMatchObject({ ok: false, cause: 'bad_result' });
    const malformed = await sample();
    malformed.fake.inject({ path: QUERY, method: 'POST' }, { kind: 'malformed-json' });
    expect(await readUserFlags(malformed.client)).toMatchObject({ ok: false, cause: 'query_failed' });
  });

  it('the call budget is thrown, not turned into "unreadable"', async () => {
    const { client } = await sample({}, { maxCalls: 2 });
    expect(await rejection(readUserFlags(client))).toBeInstanceOf(CallBudgetError);
  });

  it('narrowing: numeric ids become strings, a row without an id is skipped, a bad yes/no is refused', () => {
    const row = Object.fromEntries(USER_FLAG_FIELDS.map((f) => [f, 'No']));
    expect(narrowUserFlags({ ...row, 'user.id': 7 })?.userId).toBe('7');
    expect(narrowUserFlags({ ...row, 'user.id': null })).toBeNull();
    expect(() => narrowUserFlags({ ...row, 'user.id': 7, 'user_facts.is_admin': 'maybe' })).toThrow(/is_admin/);
  });
});

describe('the flags request conforms to Looker.4.0.oas.json', () => {
  it('path and Query body', async () => {
    const { fake, client } = await sample();
    await readUserFlags(client);
    expect(fake.requests.flatMap((r) => checkRequest(r.method, r.path, r.query))).toEqual([]);
    expect(fake.systemActivity.queries).toHaveLength(1);
    expect(validateComponent('Query', fake.systemActivity.queries[0], { closed: true })).toEqual([]);
  });
});
