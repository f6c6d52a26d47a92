/**
 * Reading a snapshot: the JSON report of `users --format json` (design.md section 7), which `diff` and
 * `check --baseline` compare against. PURE: the caller reads the file and passes its text.
 * Every problem is a ConfigError (exit 2) naming the file and the path, e.g.
 * `old.json: accounts[0].users[3].license: must be one of developer, standard, viewer, none`.
 * Unknown keys are tolerated (a newer tool may add some); missing or mistyped ones are not.
 */
import { ConfigError } from '../errors.js';
import type { AuditJsonDocument } from '../report/json.js';
import { TIERS, USER_KINDS, USER_STATUSES } from '../vocabulary.js';

const MAX_PROBLEMS = 10;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  get full(): boolean {
    return this.list.length >= MAX_PROBLEMS;
  }
}

function str(p: Problems, o: Obj, key: string, path: string, { nullable = false } = {}): void {
  const v = o[key];
  if (v === undefined) p.add(`${path}.${key}`, 'missing');
  else if (!(typeof v === 'string' || (nullable && v === null)))
    p.add(`${path}.${key}`, `must be a string${nullable ? ' or null' : ''}`);
}

function oneOf(p: Problems, o: Obj, key: string, path: string, allowed: readonly string[]): void {
  const v = o[key];
  if (v === undefined) p.add(`${path}.${key}`, 'missing');
  else if (typeof v !== 'string' || !allowed.includes(v))
    p.add(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
}

function strings(p: Problems, o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v === undefined) p.add(`${path}.${key}`, 'missing');
  else if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    p.add(`${path}.${key}`, 'must be a list of strings');
}

function checkUser(p: Problems, u: unknown, path: string): void {
  if (!isObj(u)) return p.add(path, 'must be an object');
  str(p, u, 'id', path);
  str(p, u, 'email', path, { nullable: true });
  str(p, u, 'name', path);
  oneOf(p, u, 'status', path, USER_STATUSES);
  oneOf(p, u, 'kind', path, USER_KINDS);
  oneOf(p, u, 'license', path, TIERS);
  strings(p, u, 'roles', path);
  strings(p, u, 'groups', path);
  str(p, u, 'last_login_at', path, { nullable: true });
  str(p, u, 'reason', path);
}

function checkAccount(p: Problems, a: unknown, path: string): void {
  if (!isObj(a)) return p.add(path, 'must be an object');
  str(p, a, 'name', path);
  str(p, a, 'url', path);
  if (typeof a.api_calls !== 'number')
    p.add(`${path}.api_calls`, a.api_calls === undefined ? 'missing' : 'must be a number');
  if (a.error !== undefined && typeof a.error !== 'string') p.add(`${path}.error`, 'must be a string');
  if (!isObj(a.summary)) p.add(`${path}.summary`, a.summary === undefined ? 'missing' : 'must be an object');
  else
    for (const tier of TIERS)
      if (typeof a.summary[tier] !== 'number') p.add(`${path}.summary.${tier}`, 'must be a number');
  if (!Array.isArray(a.users)) {
    p.add(
      `${path}.users`,
      a.users === undefined ? 'missing (is this a `users --format json` report?)' : 'must be a list',
    );
    return;
  }
  for (let i = 0; i < a.users.length && !p.full; i++) checkUser(p, a.users[i], `${path}.users[${i}]`);
}

/** Parses and validates a snapshot; throws a ConfigError naming `file` (as given on the command line). */
export function parseSnapshot(text: string, file: string): AuditJsonDocument {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '')
    throw new ConfigError(file, ['empty file: expected the JSON report of `users --format json`']);
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new ConfigError(file, [
      `not JSON (${(error as Error).message}): expected the JSON report of \`users --format json\``,
    ]);
  }
  if (!isObj(data)) throw new ConfigError(file, ['must be a JSON object: the report of `users --format json`']);
  if (data.schema_version !== 1) {
    throw new ConfigError(file, [
      data.schema_version === undefined
        ? 'schema_version: missing: expected the JSON report of `users --format json`'
        : `schema_version: ${JSON.stringify(data.schema_version)} is not supported (this version reads 1)`,
    ]);
  }
  const p = new Problems();
  str(p, data, 'generated_at', '$');
  str(p, data, 'rules', '$');
  if (!Array.isArray(data.accounts)) p.add('$.accounts', data.accounts === undefined ? 'missing' : 'must be a list');
  else for (let i = 0; i < data.accounts.length && !p.full; i++) checkAccount(p, data.accounts[i], `accounts[${i}]`);
  if (p.list.length > 0)
    throw new ConfigError(
      file,
      p.list.map((line) => line.replace(/^\$\./, '')),
    );
  return data as unknown as AuditJsonDocument;
}
