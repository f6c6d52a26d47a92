/**
 * Where a JSON text first breaks, and why, in our own words. PURE (it throws, it reads nothing).
 *
 * Node's JSON.parse says what it met by quoting the text around it (`Unexpected token 'o', "notjson" is not valid
 * JSON`), so a file that is not a snapshot (a key file, a .env file) would have a piece of it printed. This scanner
 * walks the same grammar (RFC 8259) to the first error and reports only a line, a column and what was expected.
 * It runs only after JSON.parse has failed; a text it finds nothing wrong with is reported as "not valid JSON".
 */
import { InputFileError } from './errors.js';

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const SPACE = /[ \t\n\r]*/y;

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The end of the string that starts at `from` (its opening quote), or an error offset and reason. */
function stringEnd(text: string, from: number): number | { at: number; reason: string } {
  for (let i = from + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { at: i, reason: 'a control character or line break inside a string' };
    if (code !== 0x5c) continue;
    const next = text[i + 1];
    if (next === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { at: i, reason: 'an invalid \\u escape' };
      i += 5;
    } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 1;
    else return { at: i, reason: 'an invalid escape in a string' };
  }
  return { at: text.length, reason: 'the file ends inside a string' };
}

/** The first syntax error of `text`, or null when the scanner finds none. */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: string[] = [];
  let i = 0;
  const skip = () => {
    SPACE.lastIndex = i;
    SPACE.test(text);
    i = SPACE.lastIndex;
  };
  const fail = (at: number, reason: string): JsonSyntaxError => ({ ...position(text, at), reason });
  const key = (): JsonSyntaxError | null => {
    skip();
    if (text[i] !== '"') return fail(i, i >= text.length ? 'the file ends early' : 'a "quoted" key was expected');
    const end = stringEnd(text, i);
    if (typeof end !== 'number') return fail(end.at, end.reason);
    i = end;
    skip();
    if (text[i] !== ':') return fail(i, i >= text.length ? 'the file ends early' : 'a ":" was expected after a key');
    i += 1;
    return null;
  };
  for (;;) {
    // A value.
    skip();
    const c = text[i];
    if (c === undefined) return fail(i, 'the file ends early: a value was expected');
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? '}' : ']');
      i += 1;
      skip();
      if (text[i] === stack.at(-1)) {
        stack.pop();
        i += 1;
      } else {
        if (c === '{') {
          const problem = key();
          if (problem) return problem;
        }
        continue;
      }
    } else if (c === '"') {
      const end = stringEnd(text, i);
      if (typeof end !== 'number') return fail(end.at, end.reason);
      i = end;
    } else {
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else if (LITERAL.test(text)) i = LITERAL.lastIndex;
      else return fail(i, 'a value was expected (a string, number, object, list, true, false or null)');
    }
    // After a value: the end, a comma, or the end of its container.
    for (;;) {
      skip();
      const close = stack.at(-1);
      if (close === undefined) return i < text.length ? fail(i, 'more text after the end of the JSON value') : null;
      if (text[i] === close) {
        stack.pop();
        i += 1;
        continue;
      }
      if (text[i] === ',') {
        i += 1;
        if (close === '}') {
          const problem = key();
          if (problem) return problem;
        }
        break;
      }
      return fail(i, i >= text.length ? 'the file ends early' : `a "," or "${close}" was expected`);
    }
  }
}

/**
 * A JSON document read from a file the user named (a snapshot, a plan): a byte-order mark dropped, an empty file
 * and broken JSON refused with an InputFileError that names the file and where it breaks, never its text.
 * `expected` says what the file should have been.
 */
export function parseJsonDocument(text: string, file: string, expected: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new InputFileError(file, [`empty file: ${expected}`]);
  try {
    return JSON.parse(body);
  } catch {
    // Node's message quotes the text around the error: ours says only where it is.
    const where = jsonSyntaxError(body);
    const what = where === null ? 'not valid JSON' : `line ${where.line}, column ${where.column}: ${where.reason}`;
    throw new InputFileError(file, [`not JSON (${what}): ${expected}`]);
  }
}
