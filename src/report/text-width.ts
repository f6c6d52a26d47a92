/**
 * How many terminal columns a (sanitised, colourless) cell takes, and truncation to a number of columns.
 * Counting code points, as the table once did, lets a CJK name (two columns per character) or an emoji overflow its
 * column: cli-table3 then truncated it although it fitted. The rule follows what terminals (and string-width, which
 * cli-table3 uses for its header) do: East Asian wide and full-width characters and emoji take two columns,
 * combining marks and zero-width characters none. Text is walked in units that are never split (an emoji sequence,
 * or a character with its combining marks), so truncation never cuts a ZWJ family or an accent in half.
 */

// Text whose every UTF-16 unit is one column: ASCII, Latin-1 and the Latin extensions (no combining marks, which start
// at U+0300), and the general punctuation of U+2010-U+2027 ('…' among it). Nearly every cell, counted by its length.
const NARROW = /^[\x20-\x7E\u00A0-\u02FF\u2010-\u2027]*$/;
// RGI_Emoji is a property of strings (the `v` flag, Node >= 20); built at run time, as the compile target is ES2022.
const UNIT = new RegExp('\\p{RGI_Emoji}|[^\\p{M}]\\p{M}*|\\p{M}+', 'gv');
const ZERO_WIDTH = /^[\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF\p{M}]/u;
const EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

// East Asian Wide (W) and Fullwidth (F) ranges of Unicode's EastAsianWidth.txt, as is-fullwidth-code-point lists them.
function isWide(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}

function unitWidth(unit: string): number {
  if (ZERO_WIDTH.test(unit)) return 0;
  return isWide(unit.codePointAt(0) ?? 0) || EMOJI.test(unit) ? 2 : 1;
}

export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  for (const [unit] of text.matchAll(UNIT)) width += unitWidth(unit);
  return width;
}

/** `text` in at most `width` columns; a cut is marked with '…' (one column). */
export function truncate(text: string, width: number): string {
  if (NARROW.test(text)) {
    if (text.length <= width) return text;
    return width <= 1 ? '…'.slice(0, width) : `${text.slice(0, width - 1)}…`;
  }
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  let out = '';
  let used = 0;
  for (const [unit] of text.matchAll(UNIT)) {
    const w = unitWidth(unit);
    if (used + w > width - 1) break;
    out += unit;
    used += w;
  }
  return `${out}…`;
}

/**
 * `text` as lines of at most `width` terminal columns, broken between words (a word longer than a line stands
 * alone). Undefined width: one line. For the notes and legends under tables, which a terminal would otherwise
 * hard-wrap in the middle of a word.
 */
export function wrapWords(text: string, width: number | undefined): string {
  if (width === undefined || displayWidth(text) <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
