/**
 * A Looker SDK `looker.ini` -> the raw shape of a YAML config, so validate.ts treats both alike.
 * Each section is an account named after it; keys as in sdk-codegen's `looker-sample.ini`.
 *
 * Behaviour copied from @looker/sdk-node 26.12 (`nodeSettings.ts readIniConfig`, sdk-rtl `constants.ts`):
 * - values are parsed by the `ini` package (as the SDK does) and then unquoted ('…', "…", `…`) like `unquote()`;
 *   a `;` or `#` starts a comment there, so an unquoted `client_secret=abc;def` reaches the SDK as `abc`. Here an
 *   unquoted `;` or `#` in client_secret or client_id is a problem that says to quote the value, instead of a
 *   login refused for a secret nobody typed;
 * - keys the tool does not read are warned about by name only when the line is a `key = value` setting with a
 *   plain lower-case name; any other stray line (a secret pasted on a line of its own) is counted, never quoted;
 * - LOOKERSDK_BASE_URL/_CLIENT_ID/_CLIENT_SECRET/_VERIFY_SSL/_TIMEOUT override the file's values. An empty variable
 *   is ignored, as `ValueSettings` does for base_url/verify_ssl/timeout (`values[envKey] || values[name]`);
 * - but ONLY with a single section. The SDK applies them to whichever section it reads, so with several instances
 *   one exported LOOKERSDK_CLIENT_ID silently logs every account in with the same key (docs/looker-api.md,
 *   "The official SDK"; https://github.com/looker-open-source/sdk-codegen/issues/1599): here they are ignored
 *   with a warning instead.
 * - verify_ssl/timeout: the SDK disagrees with itself on unknown booleans (the ini path reads them as true, the
 *   env path as false) and `parseInt`s timeouts ("12s" -> 12). Neither guess is safe for TLS, so anything but the
 *   SDK's spellings is a problem here.
 * - `concurrency` (requests in flight, 1 to 32) is read too: looker-audit's own key, which the SDK ignores.
 * LOOKERSDK_CLIENT_SECRET becomes `client_secret_env: LOOKERSDK_CLIENT_SECRET`: its value is read at login only.
 */
import ini from 'ini';
import { CONCURRENCY_EXPECTED, MAX_CONCURRENCY } from './schema.js';

export const LOOKERSDK_VARS = {
  url: 'LOOKERSDK_BASE_URL',
  client_id: 'LOOKERSDK_CLIENT_ID',
  client_secret: 'LOOKERSDK_CLIENT_SECRET',
  verify_ssl: 'LOOKERSDK_VERIFY_SSL',
  timeout: 'LOOKERSDK_TIMEOUT',
} as const;

const READ_KEYS = ['base_url', 'client_id', 'client_secret', 'verify_ssl', 'timeout', 'concurrency'];
const TRUE = /^(true|t|yes|y|1)$/i;
const FALSE = /^(false|f|no|n|0)$/i;

export interface IniResult {
  readonly raw: { accounts: Array<Record<string, unknown>> };
  readonly warnings: string[];
  readonly problems: string[];
}

/** sdk-rtl `unquote`: one pair of matching surrounding quotes, of any of the three kinds, is removed. */
export function unquote(value: string): string {
  const quote = value[0];
  if (value.length >= 2 && (quote === '"' || quote === "'" || quote === '`') && value.endsWith(quote))
    return value.slice(1, -1);
  return value;
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = unquote(String(value));
  return TRUE.test(text) ? true : FALSE.test(text) ? false : undefined;
}

function toSeconds(value: unknown): number | undefined {
  const text = unquote(String(value)).trim();
  return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}

/** `[prod.eu]` is nested by `ini` (`{ prod: { eu: {…} } }`); flatten it back to the section name as written. */
function sections(parsed: Record<string, unknown>, prefix = ''): Array<[string, Record<string, unknown>]> {
  return Object.entries(parsed).flatMap(([key, value]): Array<[string, Record<string, unknown>]> => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    const name = `${prefix}${key}`;
    const own = Object.fromEntries(
      Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null || Array.isArray(v)),
    );
    const nested = sections(value as Record<string, unknown>, `${name}.`);
    return Object.keys(own).length > 0 || nested.length === 0 ? [[name, own], ...nested] : nested;
  });
}

const HEADER = /^\[([^\]]*)\]\s*$/;
/** Keys whose value `ini` would cut at an unquoted `;` or `#`; other values are not secrets and may carry comments. */
const CUT_KEYS = new Set(['client_secret', 'client_id']);

/** `[section] key` for every client_secret / client_id line whose unquoted value holds a `;` or `#`. */
function cutValues(text: string): string[] {
  const found: string[] = [];
  let section = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = HEADER.exec(line.trim());
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    const setting = /^\s*([^=;#\s][^=]*?)\s*=\s*(.*)$/.exec(line);
    if (!setting) continue;
    const [, key = '', value = ''] = setting;
    if (!CUT_KEYS.has(key) || /^["'`]/.test(value)) continue;
    if (/[;#]/.test(value)) found.push(`[${section}] ${key}`);
  }
  return found;
}

/** Keys named in warnings: a plain setting name. Anything else may be a pasted secret and is only counted. */
const PLAIN_KEY = /^[a-z][a-z0-9_]{0,39}$/;

function duplicateSections(text: string): string[] {
  // The same header regex as `ini.decode`, which silently merges repeated sections.
  const headers = text.split(/[\r\n]+/).flatMap((line) => /^\[([^\]]*)\]\s*$/.exec(line)?.[1] ?? []);
  return [...new Set(headers.filter((h, i) => headers.indexOf(h) !== i))];
}

export function parseLookerIni(text: string, env: NodeJS.ProcessEnv): IniResult {
  const parsed = ini.parse(text) as Record<string, unknown>;
  const warnings: string[] = [];
  const problems: string[] = [];
  const outside = Object.keys(parsed).filter((key) => typeof parsed[key] !== 'object' || parsed[key] === null);
  if (outside.length > 0) {
    // Named only when they read as setting names: a file that is not a looker.ini has whole lines there.
    const named = outside.filter((key) => PLAIN_KEY.test(key) && parsed[key] !== true);
    const stray = outside.length - named.length;
    const shown = [...named, ...(stray > 0 ? [`${stray} other line(s), not shown`] : [])];
    problems.push(`key(s) outside any [section]: ${shown.join(', ')} (each section is an account)`);
  }
  for (const name of duplicateSections(text)) problems.push(`section [${name}] appears more than once`);
  for (const where of cutValues(text))
    problems.push(
      `${where}: holds a ";" or "#", which looker.ini reads as the start of a comment, so the value would be cut ` +
        'there: put the whole value in double quotes (client_secret="...")',
    );
  const found = sections(parsed);
  if (found.length === 0) problems.push('no [section] found: each section of looker.ini is an account');

  const setVars = Object.values(LOOKERSDK_VARS).filter((name) => (env[name] ?? '') !== '');
  const useEnv = found.length === 1;
  if (!useEnv && setVars.length > 0) {
    warnings.push(
      `${setVars.join(', ')} ignored: looker.ini has ${found.length} sections and the Looker SDK would apply ` +
        'these variables to every one of them; they are used only with a single-section looker.ini',
    );
  }
  const fromEnv = (key: keyof typeof LOOKERSDK_VARS) =>
    useEnv && env[LOOKERSDK_VARS[key]] ? unquote(env[LOOKERSDK_VARS[key]] ?? '') : undefined;

  const accounts = found.map(([name, values]) => {
    const str = (key: string) => (values[key] === undefined ? undefined : unquote(String(values[key])));
    const ignored = Object.keys(values).filter((key) => !READ_KEYS.includes(key));
    // `ini` reads a line without "=" as a key whose value is true: such a line may be a pasted secret.
    const named = ignored.filter((key) => PLAIN_KEY.test(key) && values[key] !== true);
    const stray = ignored.length - named.length;
    if (named.length > 0) warnings.push(`looker.ini [${name}]: ignored key(s) ${named.join(', ')}`);
    if (stray > 0)
      warnings.push(
        `looker.ini [${name}]: ignored ${stray} line(s) that are not a key = value setting (not shown: such a ` +
          'line may hold a pasted secret)',
      );
    const account: Record<string, unknown> = { name };
    const url = fromEnv('url') ?? str('base_url');
    if (url !== undefined) account.url = url;
    const clientId = fromEnv('client_id') ?? str('client_id');
    if (clientId !== undefined) account.client_id = clientId;
    if (fromEnv('client_secret') !== undefined) account.client_secret_env = LOOKERSDK_VARS.client_secret;
    else if (str('client_secret') !== undefined) account.client_secret = str('client_secret');

    const converted = [
      {
        key: 'verify_ssl',
        env: fromEnv('verify_ssl'),
        convert: toBoolean,
        expect: 'true or false (also t/f, yes/no, y/n, 1/0)',
      },
      { key: 'timeout', env: fromEnv('timeout'), convert: toSeconds, expect: 'a whole number of seconds > 0' },
    ] as const;
    for (const { key, env: envValue, convert, expect } of converted) {
      const value = envValue ?? values[key];
      if (value === undefined) continue;
      const result = convert(value);
      const where = envValue !== undefined ? LOOKERSDK_VARS[key] : `[${name}] ${key}`;
      if (result === undefined) problems.push(`${where}: must be ${expect}`);
      else account[key] = result;
    }
    // looker-audit's own key, not the SDK's (which ignores keys it does not know, so the file still works there).
    if (values.concurrency !== undefined) {
      const text = unquote(String(values.concurrency)).trim();
      const n = /^\d+$/.test(text) ? Number(text) : 0;
      if (n >= 1 && n <= MAX_CONCURRENCY) account.concurrency = n;
      else problems.push(`[${name}] concurrency: must be ${CONCURRENCY_EXPECTED}`);
    }
    return account;
  });
  return { raw: { accounts }, warnings, problems };
}
