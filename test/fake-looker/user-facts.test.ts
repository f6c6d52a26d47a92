/**
 * The sample instance's `user_facts` flags: computed from permissions as Looker computes them (roles direct and
 * through nested groups, none from groups for a user who refuses them, a permission only where its role has a
 * model), served as Looker's rows ("Yes"/"No", numeric ids), and answering as the official spec declares.
 */
import { describe, expect, it } from '@jest/globals';
import { loadOrganisation, sampleOrganisation } from '../../src/fake-looker/index.js';
import { userFacts } from '../../src/fake-looker/user-facts.js';
import { validateResponse } from '../helpers/oas.js';
import { call, fakesOnTheSampleDate, type Row } from './client.js';

const fake = fakesOnTheSampleDate();

const FLAGS = ['is_admin', 'is_developer', 'is_explorer', 'is_content_saver', 'is_viewer'] as const;
const flagsQuery = {
  model: 'system__activity',
  view: 'user',
  fields: ['user.id', 'user.is_disabled', ...FLAGS.map((f) => `user_facts.${f}`), 'user_facts.is_looker_employee'],
  sorts: ['user.id'],
  limit: '-1',
};
const seatFlags = (facts: ReturnType<typeof userFacts>, id: string) =>
  FLAGS.filter((flag) => facts.get(id)?.[flag] === true);

describe('user_facts flags from permissions', () => {
  const facts = userFacts(sampleOrganisation());

  it('the Admin role (all-access set) sets every flag; "Report Admin" (see_* only) sets none', () => {
    expect(seatFlags(facts, '1')).toEqual([...FLAGS]);
    expect(seatFlags(facts, '9')).toEqual([]);
  });

  it('roles through groups nested three deep count; a user refusing group roles keeps only her own', () => {
    // Ben: "LookML Developer" (develop, explore, save_content, access_data) from "Analytics", three groups up.
    expect(seatFlags(facts, '2')).toEqual(['is_developer', 'is_explorer', 'is_content_saver', 'is_viewer']);
    // Kim: in "Analytics" too, but allow_roles_from_normal_groups is false: her direct Viewer role only.
    expect(seatFlags(facts, '11')).toEqual(['is_viewer']);
  });

  it('use_sql_runner is no flag: "SQL Analysts" holders are viewers to Looker', () => {
    expect(seatFlags(facts, '8')).toEqual(['is_viewer']);
    expect(seatFlags(facts, '13')).toEqual(['is_viewer']);
  });

  it('a permission needs a model: a role whose model set is empty sets nothing', () => {
    const org = sampleOrganisation();
    org.model_sets.push({ id: '9', name: 'Nothing', all_access: false, built_in: false, models: [] });
    org.roles.push({ id: '9', name: 'Hollow Explorer', permission_set_id: '3', model_set_id: '9' });
    org.users.push({ ...structuredClone(org.users[9]!), id: '99', role_ids: ['9'], group_ids: [] });
    expect(seatFlags(userFacts(loadOrganisation(org)), '99')).toEqual([]);
  });
});

describe('the flags on the wire', () => {
  it('as Looker sends them: "Yes"/"No", user.id a number, a row per user; the spec declares the answer', async () => {
    const { f, token } = await fake();
    const reply = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: flagsQuery });
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(sampleOrganisation().users.length);
    expect(reply.body.find((r) => r['user.id'] === 9)).toEqual({
      'user.id': 9,
      'user.is_disabled': 'No',
      'user_facts.is_admin': 'No',
      'user_facts.is_developer': 'No',
      'user_facts.is_explorer': 'No',
      'user_facts.is_content_saver': 'No',
      'user_facts.is_viewer': 'No',
      'user_facts.is_looker_employee': 'No',
    });
    expect(reply.body.find((r) => r['user.id'] === 14)?.['user_facts.is_looker_employee']).toBe('Yes');
    expect(validateResponse('POST', '/queries/run/json', 200, reply.text)).toEqual([]);
  });

  it("a user whose facts are pending has nulls in the user_facts columns, like the explore's LEFT JOIN", async () => {
    const { f, token } = await fake({ systemActivity: { factsPending: ['4'] } });
    const reply = await call<Row[]>(f, 'POST', '/queries/run/json', { token, json: flagsQuery });
    const dan = reply.body.find((r) => r['user.id'] === 4);
    expect(dan?.['user.is_disabled']).toBe('No');
    for (const flag of FLAGS) expect(dan?.[`user_facts.${flag}`]).toBeNull();
  });

  it("lookml_model_explore lists the flags among the user explore's dimensions", async () => {
    const { f, token } = await fake();
    const path = '/lookml_models/system__activity/explores/user';
    const explore = await call<{ fields: { dimensions: { name: string }[] } }>(f, 'GET', path, { token });
    expect(validateResponse('GET', path, 200, explore.body, { closed: true })).toEqual([]);
    const names = explore.body.fields.dimensions.map((d) => d.name);
    for (const flag of [...FLAGS, 'is_embed', 'is_looker_employee']) expect(names).toContain(`user_facts.${flag}`);
  });
});
