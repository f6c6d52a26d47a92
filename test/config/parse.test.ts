import { describe, expect, it } from '@jest/globals';
import { detectFormat, parseConfigText } from '../../src/config/parse.js';
import { ConfigError } from '../../src/errors.js';

const env = {};
function syntaxProblems(text: string, file = '/c/looker-audit.yaml'): readonly string[] {
  try {
    parseConfigText(text, { file, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      expect(error.file).toBe(file);
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfigText', () => {
  it('reads YAML, leaving dates as strings (YAML 1.2 core schema)', () => {
    const text =
      'accounts:\n  - name: prod\n    client_id: "007"\npolicy:\n  allowed_developers:\n    - { email: a@b.c, expires: 2026-01-31 }\n';
    expect(parseConfigText(text, { file: 'x.yaml', env })).toMatchObject({
      format: 'yaml',
      raw: {
        accounts: [{ name: 'prod', client_id: '007' }],
        policy: { allowed_developers: [{ email: 'a@b.c', expires: '2026-01-31' }] },
      },
      warnings: [],
      problems: [],
    });
  });

  it('reads JSON as YAML', () => {
    expect(parseConfigText('{"accounts": [{"name": "p", "timeout": 5}]}', { file: 'a.json', env }).raw).toEqual({
      accounts: [{ name: 'p', timeout: 5 }],
    });
  });

  it('reads looker.ini', () => {
    const parsed = parseConfigText('[Looker]\nbase_url=https://a.looker.com\n', { file: '/x/looker.ini', env });
    expect(parsed.format).toBe('ini');
    expect(parsed.raw).toEqual({ accounts: [{ name: 'Looker', url: 'https://a.looker.com' }] });
  });

  it.each([
    ['looker.ini', 'accounts: []', 'ini'],
    ['a.YAML', '[x]', 'yaml'],
    ['a.json', '{}', 'yaml'],
    ['config', '; comment\n\n[Looker]\nclient_id=1', 'ini'],
    ['config', 'accounts:\n  - name: a', 'yaml'],
    ['config', '', 'yaml'],
  ] as const)('detectFormat(%s, %j) = %s', (file, text, format) => {
    expect(detectFormat(file, text)).toBe(format);
  });

  it('reports a YAML syntax error with its line and column', () => {
    expect(syntaxProblems('accounts:\n  - name: prod\n    url: x: y\n')).toEqual([
      'line 3, column 10: Nested mappings are not allowed in compact mappings',
    ]);
    expect(syntaxProblems('accounts:\n  - name: prod\n   url: x\n')).toEqual([
      'line 3, column 1: Sequence item without - indicator',
    ]);
  });

  it('reports duplicate keys with their line', () => {
    expect(syntaxProblems('accounts: []\nrules: torii\nrules: looker\n')).toEqual([
      'line 3, column 1: Map keys must be unique',
    ]);
  });

  it('never echoes the source of a malformed line', () => {
    const secret = 'PLANTED-s3cret';
    const cases = [
      `accounts:\n  - client_secret: "${secret}\\q"\n`,
      `accounts:\n  - client_secret: ${secret}\n   bad: [${secret}\n`,
      `accounts:\n  - client_secret: @${secret}\n`,
      `accounts:\n  - client_secret: |x${secret}\n      b\n`,
      `accounts:\n\t- client_secret: ${secret}\n`,
    ];
    for (const text of cases) {
      const problems = syntaxProblems(text);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.join('\n')).toMatch(/^line \d+, column \d+: /);
      expect(problems.join('\n')).not.toContain(secret);
    }
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(syntaxProblems(bomb)).toEqual(['too many YAML alias expansions']);
  });
});
