/**
 * Config text -> a plain value for validate.ts. Pure. YAML (and so JSON, which YAML 1.2 reads as-is) or a Looker
 * SDK looker.ini, chosen by extension and, for other names, by content: an ini file opens with a `[section]`
 * header, which cannot start a valid config in YAML (a flow sequence is not the mapping a config needs).
 *
 * YAML syntax errors carry line and column. Their text is rebuilt from the error code for codes whose message can
 * quote the source (`Unexpected <token>`), so a malformed line holding a secret is never echoed.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { ConfigError } from '../errors.js';
import { parseLookerIni } from './ini.js';
import type { Locate, ProblemPath } from './issues.js';

export type ConfigFormat = 'yaml' | 'ini';

export interface ParsedConfig {
  readonly format: ConfigFormat;
  readonly raw: unknown;
  readonly warnings: readonly string[];
  /** Problems found while reading a looker.ini (reported together with validation's). */
  readonly problems: readonly string[];
  /** Where a path of `raw` is in the text (YAML and JSON). */
  readonly locate?: Locate;
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

/** The line and column of the key (or item) a path ends at, walking the document as parsed. */
function locator(doc: Document, lines: LineCounter): Locate {
  return (path: ProblemPath) => {
    let node: unknown = doc.contents;
    let start: number | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (pair === undefined || !isScalar(pair.key)) break;
        start = pair.key.range?.[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        start = (node as { range?: [number] } | undefined)?.range?.[0];
      } else break;
    }
    if (start === undefined) return undefined;
    const { line, col } = lines.linePos(start);
    return `line ${line}, column ${col}`;
  };
}

/**
 * YAML (or JSON) text -> its value and where each path is, for the config and for rules files. Every error is a
 * ConfigError naming `file` with lines and columns, in words that never quote the text.
 */
export function parseYamlText(text: string, file: string): { readonly value: unknown; readonly locate: Locate } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ConfigError(
      file,
      doc.errors.map((error) => describe(error, lineCounter)),
    );
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); the default is 100.
    return { value: doc.toJS({ maxAliasCount: 100 }), locate: locator(doc, lineCounter) };
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
  const { value, locate } = parseYamlText(text, ctx.file);
  return { format, raw: value, warnings: [], problems: [], locate };
}
