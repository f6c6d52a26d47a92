/** `remediation:` in the config: the role or group a plan uses for each lower tier, checked like every key. */
import { describe, expect, it } from '@jest/globals';
import { validateConfig } from '../../src/config/validate.js';
import { configProblems } from '../helpers/config-problems.js';

const ctx = { file: 'audit.yaml', env: {} };
const accounts = [{ name: 'prod', url: 'https://acme.cloud.looker.com', client_id: 'x', client_secret_env: 'S' }];

const problemsOf = (raw: unknown) => configProblems(raw, ctx);

describe('remediation keys', () => {
  it('are read into the config; absent, there is no remediation entry', () => {
    const config = validateConfig(
      { accounts, remediation: { roles: { standard: 'Explorer' }, groups: { viewer: 'Viewers' } } },
      ctx,
    );
    expect(config.remediation).toEqual({ roles: { standard: 'Explorer' }, groups: { viewer: 'Viewers' } });
    expect(validateConfig({ accounts, remediation: { roles: { viewer: 'Viewer' } } }, ctx).remediation).toEqual({
      roles: { viewer: 'Viewer' },
      groups: {},
    });
    expect(validateConfig({ accounts }, ctx).remediation).toBeUndefined();
  });

  it.each<[string, unknown, string[]]>([
    ['not a mapping', 'Viewer', ['remediation: must be a mapping (roles, groups)']],
    ['a typo', { role: {} }, ['remediation.role: unknown key (did you mean "roles"?)']],
    ['a developer target', { roles: { developer: 'Admin' } }, ['remediation.roles.developer: unknown key']],
    ['an empty name', { groups: { viewer: '' } }, ['remediation.groups.viewer: must not be empty']],
    ['a number', { roles: { standard: 3 } }, ['remediation.roles.standard: must be a role name (quote it in YAML)']],
  ])('%s is refused with its path', (_name, remediation, problems) => {
    expect(problemsOf({ accounts, remediation })).toEqual(problems);
  });
});
