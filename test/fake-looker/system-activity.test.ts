/**
 * The sample instance's System Activity: Looker's row shapes, the declared responses of the official spec, the
 * imitated failures, and a deterministic history for any organisation.
 */
import { describe, expect, it } from '@jest/globals';
import { generateOrganisation, generatedActivity, SAMPLE_CREDENTIALS } from '../../src/fake-looker/index.js';
import { validateResponse } from '../helpers/oas.js';
import { call, fakesOnTheSampleDate, login, type Row } from './client.js';

const fake = fakesOnTheSampleDate();

const history = {
  model: 'system__activity',
  view: 'history',
  fields: [
    'user.id',
    'history.source',
    'history.workspace_id',
    'history.query_run_count',
    'history.most_recent_query_date',
  ],
  filters: { 'history.created_date': '90 days' },
  sorts: ['user.id'],
  limit: '-1',
};

describe('System Activity queries on the sample', () => {
  it('rows are flat, keyed by field, user.id a number, dates YYYY-MM-DD, grouped per user and source', async () => {
    const { f, token } = await fake();
    const reply = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: history });
    expect(reply.status).toBe(200);
    const chloe = reply.body.filter((r) => r['user.id'] === 3);
    expect(chloe).toEqual([
      {
        'user.id': 3,
        'history.source': 'dashboard',
        'history.workspace_id': 'production',
        'history.query_run_count': 14,
        'history.most_recent_query_date': '2026-11-02',
      },
      {
        'user.id': 3,
        'history.source': 'look',
        'history.workspace_id': 'production',
        'history.query_run_count': 3,
        'history.most_recent_query_date': '2026-10-20',
      },
    ]);
    // Sorted by user.id; the 90-day filter leaves out August.
    const ids = reply.body.map((r) => r['user.id'] as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids).not.toContain(9);
  });

  it('yes/no fields are "Yes"/"No"; unknown fields are dropped; no valid field is a 400', async () => {
    const { f, token } = await fake();
    const users = await call<Row[]>(f, 'POST', '/queries/run/json', {
      token,
      json: {
        model: 'system__activity',
        view: 'user',
        fields: ['user.id', 'user.is_disabled', 'user.nonsense'],
        limit: '-1',
      },
    });
    expect(users.body.find((r) => r['user.id'] === 22)).toEqual({ 'user.id': 22, 'user.is_disabled': 'Yes' });
    const none = await call(f, 'POST', '/queries/run/json', {
      token,
      json: { model: 'system__activity', view: 'user', fields: ['user.nonsense'] },
    });
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ message: 'Must query at least one dimension or measure' });
  });

  it('older releases: history.source as display labels', async () => {
    const { f, token } = await fake({ systemActivity: { sourceLabels: true } });
    const reply = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: history });
    const sources = new Set(reply.body.map((r) => r['history.source']));
    expect(sources).toContain('Saved Look');
    expect(sources).toContain('SQL Runner');
    expect(sources).not.toContain('look');
  });

  it('a denied API user gets 400 Access Denied; another client is served', async () => {
    const other = { clientId: 'other-id', clientSecret: 'other-secret' };
    const { f, token } = await fake({
      credentials: [SAMPLE_CREDENTIALS, other],
      systemActivity: { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] },
    });
    const denied = await call(f, 'POST', '/queries/run/json', { token, json: history });
    expect(denied.status).toBe(400);
    expect(denied.body).toMatchObject({ message: 'Access Denied' });
    const served = await call(f, 'POST', '/queries/run/json', { token: await login(f, other), json: history });
    expect(served.status).toBe(200);
  });

  it('csv: a header of field labels, then one line per row', async () => {
    const { f, token } = await fake();
    const reply = await call(f, 'POST', '/queries/run/csv', { token, json: { ...history, limit: '2' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/csv');
    expect(reply.text).toBe(
      'User Id,History Source,History Workspace Id,History Query Run Count,History Most Recent Query Date\n' +
        '1,api3,production,120,2026-11-22\n1,explore,dev,30,2026-11-20\n',
    );
  });

  it('a row limit is honoured, "-1" is all rows', async () => {
    const { f, token } = await fake();
    const all = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: history });
    const three = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: { ...history, limit: '3' } });
    expect(three.body).toHaveLength(3);
    expect(all.body.length).toBeGreaterThan(3);
  });
});

const closed = { closed: true };
describe('System Activity responses against Looker.4.0.oas.json', () => {
  it.each(['user', 'history', 'event', 'look', 'dashboard'])(
    'lookml_model_explore %s (whole and trimmed)',
    async (explore) => {
      const { f, token } = await fake();
      const path = `/lookml_models/system__activity/explores/${explore}`;
      const whole = await call(f, 'GET', path, { token });
      expect(whole.status).toBe(200);
      expect(validateResponse('GET', path, 200, whole.body, closed)).toEqual([]);
      const trimmed = await call<{ fields: { dimensions: unknown[] } }>(f, 'GET', path, {
        token,
        query: { fields: 'fields(dimensions(name),measures(name),filters(name))' },
      });
      expect(validateResponse('GET', path, 200, trimmed.body, closed)).toEqual([]);
      expect(trimmed.body.fields.dimensions[0]).toEqual({ name: 'user.id' });
    },
  );

  it('lookml_model, and the 404 of a missing model', async () => {
    const { f, token } = await fake();
    const model = await call(f, 'GET', '/lookml_models/system__activity', { token });
    expect(validateResponse('GET', '/lookml_models/system__activity', 200, model.body, closed)).toEqual([]);
    const { f: bare, token: t2 } = await fake({ systemActivity: { noModel: true } });
    const missing = await call(bare, 'GET', '/lookml_models/system__activity/explores/history', { token: t2 });
    expect(missing.status).toBe(404);
    expect(
      validateResponse('GET', '/lookml_models/system__activity/explores/history', 404, missing.body, closed),
    ).toEqual([]);
    const query = await call(bare, 'POST', '/queries/run/json', { token: t2, json: history });
    expect(query.status).toBe(404);
    expect(validateResponse('POST', '/queries/run/json', 404, query.body, closed)).toEqual([]);
  });

  it('run_inline_query: 200 (the spec declares the raw text), json_detail, 400 Access Denied, 422', async () => {
    const { f, token } = await fake({ systemActivity: { deniedClientIds: ['nobody'] } });
    const ok = await call(f, 'POST', '/queries/run/json', { token, json: history });
    expect(validateResponse('POST', '/queries/run/json', 200, ok.text)).toEqual([]);
    const detail = await call<{ data: Record<string, { value: unknown }>[] }>(f, 'POST', '/queries/run/json_detail', {
      token,
      json: history,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.data[0]?.['user.id']).toEqual({ value: 1 });
    const bad = await call(f, 'POST', '/queries/run/json', { token, json: { fields: ['user.id'] } });
    expect(bad.status).toBe(422);
    expect(validateResponse('POST', '/queries/run/json', 422, bad.body, closed)).toEqual([]);
    const { f: denying, token: t2 } = await fake({
      systemActivity: { deniedClientIds: [SAMPLE_CREDENTIALS.clientId] },
    });
    const denied = await call(denying, 'POST', '/queries/run/json', { token: t2, json: history });
    expect(validateResponse('POST', '/queries/run/json', 400, denied.body, closed)).toEqual([]);
  });
});

describe('a history for any organisation', () => {
  it('is deterministic and has each kind of use', () => {
    const org = generateOrganisation({ seed: 3, users: 2000, groups: 30 });
    const a = generatedActivity(org);
    expect(generatedActivity(generateOrganisation({ seed: 3, users: 2000, groups: 30 }))).toEqual(a);
    const sources = new Set(a.queries.map((q) => q.source));
    for (const s of ['explore', 'sqlrunner', 'dashboard', 'look', 'scheduled_task', 'api3', 'private_embed'])
      expect(sources).toContain(s);
    expect(a.queries.some((q) => q.workspace_id === 'dev')).toBe(true);
    expect(a.events.length).toBeGreaterThan(0);
    expect(a.content.length).toBeGreaterThan(0);
  });
});
