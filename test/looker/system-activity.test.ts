/**
 * looker/ System Activity reads against the sample instance: what is called (and how often), the graceful
 * fallbacks (Access Denied, no model, a missing field, a looker_error row, a possibly truncated result), the call
 * budget checked before the first System Activity call, and requests the official spec declares.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { CallBudgetError } from '../../src/looker/errors.js';
import { MAX_QUERY_CALLS, readSystemActivity, SYSTEM_ACTIVITY_CALLS } from '../../src/looker/system-activity.js';
import { SAMPLE_ACTIVITY_DATE, SAMPLE_CREDENTIALS } from '../../src/fake-looker/index.js';
import { checkRequest, validateComponent } from '../helpers/oas.js';
import { closeAll, harness, rejection } from './harness.js';

afterEach(closeAll);

const now = () => Date.parse(`${SAMPLE_ACTIVITY_DATE}T08:00:00Z`);
const QUERY = '/api/4.0/queries/run/json';
const isSystemActivity = (path: string) => path.includes('/lookml_models/') || path.includes('/queries/');

async function sample(systemActivity = {}, client = {}) {
  // No org given: the built-in sample with its hand-written activity history.
  const h = await harness({ fake: { now, systemActivity }, client });
  await h.client.login();
  return h;
}

describe('readSystemActivity', () => {
  it('discovers the fields, then runs one query per explore: at most 6 query calls', async () => {
    const { fake, client } = await sample();
    const before = client.calls;
    const read = await readSystemActivity(client, { usageDays: 90 });
    if (!read.ok) throw new Error(read.message);
    expect(client.calls - before).toBe(SYSTEM_ACTIVITY_CALLS);
    const queries = fake.requests.filter((r) => r.path === QUERY);
    expect(queries).toHaveLength(5);
    expect(queries.length).toBeLessThanOrEqual(MAX_QUERY_CALLS);
    expect(
      fake.requests.filter((r) => r.path.startsWith('/api/4.0/lookml_models/system__activity/explores/')),
    ).toHaveLength(5);
    expect(read.data.apiUserId).toBe('1');
    expect(read.data.missing).toEqual([]);
    // user.id is a number in the rows and a string once narrowed; the window drops Iris's August query.
    expect(read.data.history.find((h) => h.userId === '3' && h.source === 'dashboard')).toEqual({
      userId: '3',
      source: 'dashboard',
      workspace: 'production',
      queryRunCount: 14,
      mostRecentQueryDate: '2026-11-02',
    });
    expect(read.data.history.some((h) => h.userId === '9')).toBe(false);
    expect(read.data.gitEvents).toEqual([{ userId: '2', count: 8 }]);
    expect(read.data.dashboardsCreated).toEqual([{ userId: '17', count: 2 }]);
    expect(read.data.users.find((u) => u.userId === '13')).toEqual({
      userId: '13',
      lastUiLoginDate: null,
      lastApiLoginDate: '2026-07-01',
    });
    // Every query asks for all rows, in UTC.
    for (const body of fake.systemActivity.queries) expect(body).toMatchObject({ limit: '-1', query_timezone: 'UTC' });
  });

  it('an API user without see_system_activity: Access Denied, logins only, the permission named', async () => {
    const { client } = await sample({ deniedClientIds: [SAMPLE_CREDENTIALS.clientId] });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read).toMatchObject({ ok: false, cause: 'access_denied', apiUserId: '1' });
    if (!read.ok) expect(read.message).toMatch(/see_system_activity/);
  });

  it('no system__activity model', async () => {
    const { fake, client } = await sample({ noModel: true });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read).toMatchObject({ ok: false, cause: 'no_model' });
    // Stopped at the first discovery: no query spent.
    expect(fake.requests.filter((r) => r.path === QUERY)).toHaveLength(0);
  });

  it('a core field missing on the release: logins only, the field named', async () => {
    const { client } = await sample({ missingFields: ['history.source'] });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read).toMatchObject({ ok: false, cause: 'missing_field' });
    if (!read.ok) expect(read.message).toContain('history.source');
  });

  it('an optional field or explore missing: that signal is unknown, the rest is read', async () => {
    const { fake, client } = await sample({ missingFields: ['history.workspace_id', 'event.count'] });
    const read = await readSystemActivity(client, { usageDays: 90 });
    if (!read.ok) throw new Error(read.message);
    expect(read.data.missing).toEqual(['history.workspace_id', 'event.count']);
    expect(read.data.gitEvents).toBeNull();
    expect(read.data.history[0]?.workspace).toBeUndefined();
    expect(fake.requests.filter((r) => r.path === QUERY)).toHaveLength(4);
  });

  it('a looker_error row fails the usage part only', async () => {
    const { client } = await sample({ failingExplores: ['history'] });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read).toMatchObject({ ok: false, cause: 'bad_result' });
    if (!read.ok) expect(read.message).toMatch(/the sample database is down/);
  });

  it('a result as long as its row limit is distrusted and said', async () => {
    const { client } = await sample({}, {});
    const read = await readSystemActivity(client, { usageDays: 90, rowLimit: 3 });
    expect(read).toMatchObject({ ok: false, cause: 'truncated' });
    if (!read.ok) expect(read.message).toMatch(/returned 3 rows, its row limit/);
  });

  it('the call budget stops before the first System Activity call, with the usual message', async () => {
    const { fake, client } = await sample({}, { maxCalls: 8 });
    const error = await rejection(readSystemActivity(client, { usageDays: 90 }));
    expect(error).toBeInstanceOf(CallBudgetError);
    expect(error.message).toMatch(
      /call budget of 8 API calls reached before the System Activity reads.*needs 13 calls: raise --max-calls/,
    );
    expect(fake.requests.filter((r) => isSystemActivity(r.path) || r.path === '/api/4.0/user')).toHaveLength(0);
  });

  it('malformed JSON in a query answer fails the usage part only', async () => {
    const { fake, client } = await sample();
    fake.inject({ path: QUERY, method: 'POST' }, { kind: 'malformed-json' });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read).toMatchObject({ ok: false, cause: 'query_failed' });
  });

  it('a query answered 503 is sent again: it only reads, so it is retried like a GET', async () => {
    const { fake, client } = await sample({}, { sleep: async () => {} });
    fake.inject({ path: QUERY, method: 'POST' }, { kind: 'status', status: 503 });
    const read = await readSystemActivity(client, { usageDays: 90 });
    expect(read.ok).toBe(true);
    expect(fake.requests.filter((r) => r.path === QUERY && r.method === 'POST')).toHaveLength(6);
  });
});

const closed = { closed: true };
describe('System Activity requests conform to Looker.4.0.oas.json', () => {
  it('paths, query parameters and Query bodies', async () => {
    const { fake, client } = await sample();
    await readSystemActivity(client, { usageDays: 90 });
    expect(fake.requests.flatMap((r) => checkRequest(r.method, r.path, r.query))).toEqual([]);
    expect(fake.systemActivity.queries).toHaveLength(5);
    for (const body of fake.systemActivity.queries) expect(validateComponent('Query', body, closed)).toEqual([]);
    // The check can fail: a number as limit is not the spec's string, and a key the spec lacks is refused.
    expect(validateComponent('Query', { model: 'm', view: 'v', limit: -1, colour: 'red' }, closed)).toEqual([
      '/: must NOT have additional properties',
      '/limit: must be string',
    ]);
  });
});
