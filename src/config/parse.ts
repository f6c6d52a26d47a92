/**
 * Config text -> a plain value for validate.ts. Pure. YAML (and so JSON, which YAML 1.2 reads as-is) or a Looker
 * SDK looker.ini, chosen by extension and, for other names, by content: an ini file opens with a `[section]`
 * header, which cannot start a valid config in YAML (a flow sequence is not the mapping a config needs).
 *
 * YAML syntax errors carry line and column. Their text is rebuilt from the error code for codes whose message can
 * quote the source (`Unexpected <token>`), so a malformed line holding a secret is never echoed.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseLookerIni } from './ini.js';

export type ConfigFormat = 'yaml' | 'ini';

export interface ParsedConfig {
  readonly format: ConfigFormat;
  readonly raw: unknown;
  readonly warnings: readonly string[];
  /** Problems found while reading a looker.ini (reported together with validation's). */
  readonly problems: readonly string[];
}

export function detectFormat(file: string, text: string): ConfigFormat {
  if (/\.ini$/i.test(file)) return 'ini';
  if (/\.(ya?ml|json)$/i.test(file)) return 'yaml';
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '' && !/^\s*[;#]/.test(line));
  return firstLine !== undefined && /^\[[^\]]*\]\s*$/.test(firstLine) ? 'ini' : 'yaml';
}

/** yaml codes whose message never contains source text; the others get a fixed description. */
const SAFE_CODES = new Set([
  'MISSING_CHAR',
  'BAD_INDENT',
  'TAB_AS_INDENT',
  'MULTILINE_IMPLICIT_KEY',
  'BLOCK_AS_IMPLICIT_KEY',
  'DUPLICATE_KEY',
  'MULTIPLE_DOCS',
  'KEY_OVER_1024_CHARS',
  'BLOCK_IN_FLOW',
  'MULTIPLE_ANCHORS',
  'MULTIPLE_TAGS',
  'ALIAS_PROPS',
  'NON_STRING_KEY',
]);
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  UNEXPECTED_TOKEN: 'unexpected text here (check indentation, quoting and the `key: value` form)',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string (use single quotes for backslashes)',
  BAD_SCALAR_START: 'a plain value cannot start with this character: quote the value',
  TAG_RESOLVE_FAILED: 'unknown YAML tag',
  BAD_PROP_ORDER: 'anchors and tags must come after the indicator',
};

function describe(error: YAMLError, lines: LineCounter): string {
  const { line, col } = lines.linePos(error.pos[0]);
  const text = SAFE_CODES.has(error.code)
    ? error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')
    : undefined;
  return `line ${line}, column ${col}: ${text ?? DESCRIPTIONS[error.code] ?? `YAML syntax error (${error.code})`}`;
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ConfigError(
      file,
      doc.errors.map((error) => describe(error, lineCounter)),
    );
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); the default is 100.
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    throw new ConfigError(file, ['too many YAML alias expansions']);
  }
}

export function parseConfigText(
  text: string,
  ctx: { readonly file: string; readonly env: NodeJS.ProcessEnv },
): ParsedConfig {
  const format = detectFormat(ctx.file, text);
  if (format === 'ini') {
    const { raw, warnings, problems } = parseLookerIni(text, ctx.env);
    return { format, raw, warnings, problems };
  }
  return { format, raw: parseYaml(text, ctx.file), warnings: [], problems: [] };
}
