import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { findConfigFile } from '../../src/config/find.js';
import { ConfigError } from '../../src/errors.js';

const cwd = '/work/project';
const home = '/home/ann';
const CANDIDATES = {
  explicit: '/etc/audit.yaml',
  env: '/srv/env.yaml',
  yaml: `${cwd}/looker-audit.yaml`,
  yml: `${cwd}/looker-audit.yml`,
  json: `${cwd}/looker-audit.json`,
  homeYaml: `${home}/.config/looker-audit/config.yaml`,
  ini: `${cwd}/looker.ini`,
};

function find(existing: string[], opts: { explicit?: string; env?: NodeJS.ProcessEnv } = {}) {
  const present = new Set(existing);
  return findConfigFile({ explicit: opts.explicit, env: opts.env ?? {}, cwd, home, exists: (p) => present.has(p) });
}

describe('findConfigFile: the search order the README gives for --config', () => {
  const all = Object.values(CANDIDATES);
  it.each([
    [
      '--config wins over everything',
      all,
      { explicit: CANDIDATES.explicit, env: { LOOKER_AUDIT_CONFIG: CANDIDATES.env } },
      CANDIDATES.explicit,
    ],
    ['then $LOOKER_AUDIT_CONFIG', all, { env: { LOOKER_AUDIT_CONFIG: CANDIDATES.env } }, CANDIDATES.env],
    ['then ./looker-audit.yaml', all, {}, CANDIDATES.yaml],
    ['then ./looker-audit.yml', all.filter((p) => p !== CANDIDATES.yaml), {}, CANDIDATES.yml],
    ['then ./looker-audit.json', [CANDIDATES.json, CANDIDATES.homeYaml, CANDIDATES.ini], {}, CANDIDATES.json],
    ['then ~/.config/looker-audit/config.yaml', [CANDIDATES.homeYaml, CANDIDATES.ini], {}, CANDIDATES.homeYaml],
    ['then ./looker.ini', [CANDIDATES.ini], {}, CANDIDATES.ini],
    [
      'an empty $LOOKER_AUDIT_CONFIG is as if unset',
      [CANDIDATES.ini],
      { env: { LOOKER_AUDIT_CONFIG: '' } },
      CANDIDATES.ini,
    ],
  ])('%s', (_name, existing, opts, expected) => {
    expect(find(existing, opts)).toBe(expected);
  });

  it('returns undefined when nothing exists', () => {
    expect(find([])).toBeUndefined();
  });

  it('honours XDG_CONFIG_HOME for the per-user file', () => {
    const file = '/xdg/looker-audit/config.yaml';
    expect(find([file, CANDIDATES.ini], { env: { XDG_CONFIG_HOME: '/xdg' } })).toBe(file);
    expect(find([CANDIDATES.homeYaml, CANDIDATES.ini], { env: { XDG_CONFIG_HOME: '/xdg' } })).toBe(CANDIDATES.ini);
  });

  it('resolves a relative --config against cwd and expands ~/', () => {
    expect(find([`${cwd}/conf/a.yaml`], { explicit: 'conf/a.yaml' })).toBe(`${cwd}/conf/a.yaml`);
    expect(find([`${home}/a.yaml`], { env: { LOOKER_AUDIT_CONFIG: '~/a.yaml' } })).toBe(path.join(home, 'a.yaml'));
  });

  it.each([
    ['--config', { explicit: '/missing.yaml' }, '/missing.yaml', '--config'],
    ['$LOOKER_AUDIT_CONFIG', { env: { LOOKER_AUDIT_CONFIG: '/gone.yaml' } }, '/gone.yaml', '$LOOKER_AUDIT_CONFIG'],
  ])('a missing %s file is an error naming it, not a fall-through', (_name, opts, file, source) => {
    let caught: unknown;
    try {
      find([CANDIDATES.yaml, CANDIDATES.ini], opts);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).file).toBe(file);
    expect((caught as ConfigError).message).toContain(file);
    expect((caught as ConfigError).message).toContain(source);
  });
});
