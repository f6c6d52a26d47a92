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

/** The display units of `text` (a character with its marks, an emoji sequence) and the columns each takes. */
function unitsOf(text: string): { readonly unit: string; readonly width: number }[] {
  if (NARROW.test(text)) return Array.from(text, (unit) => ({ unit, width: 1 }));
  return Array.from(text.matchAll(UNIT), ([unit]) => ({ unit, width: unitWidth(unit) }));
}

// Where a word too long for its line may break: after these (and before an `@`).
const BREAK_AFTER = new Set(['-', '_', '/', '.', ',', ';', ':', ')']);

/** A word wider than `width`, in pieces that fit: broken at a hyphen, dot, slash or `@` where one is near the end. */
function breakWord(word: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = unitsOf(word);
  let restWidth = rest.reduce((sum, u) => sum + u.width, 0);
  while (restWidth > width) {
    let fits = 0;
    let used = 0;
    while (fits < rest.length && used + (rest[fits]?.width ?? 0) <= width) used += rest[fits++]?.width ?? 0;
    // A unit wider than the line (a CJK character in one column) takes a line of its own.
    // Before an `@` first (an email's two halves), else after the last hyphen, dot or slash that leaves a line
    // at least a third full, else where the line is full.
    const near = Math.max(1, Math.ceil(fits / 3));
    let cut = Math.max(fits, 1);
    let at = fits;
    while (at >= near && rest[at]?.unit !== '@') at--;
    if (at >= near) cut = at;
    else
      for (at = fits; at >= near; at--)
        if (BREAK_AFTER.has(rest[at - 1]?.unit ?? '')) {
          cut = at;
          break;
        }
    const piece = rest.slice(0, cut);
    pieces.push(piece.map((u) => u.unit).join(''));
    restWidth -= piece.reduce((sum, u) => sum + u.width, 0);
    rest = rest.slice(cut);
  }
  if (rest.length > 0) pieces.push(rest.map((u) => u.unit).join(''));
  return pieces;
}

/** Words packed greedily into lines of at most `room` columns; a word wider than a line is broken (breakWord). */
function packWords(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(' ')) {
    const w = displayWidth(word);
    if (line !== '' && used + 1 + w <= room) {
      line += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = w <= room ? [word] : breakWord(word, room);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1) ?? '';
    used = displayWidth(line);
  }
  lines.push(line);
  return lines;
}

/**
 * A table cell's text as lines of at most `width` terminal columns, nothing left out. The parts of a list stay
 * together where they fit (`sample: developer;` / `staging: viewer`, `developer ·` / `disabled, no seat`); a part
 * wider than a line is broken between words, and a word longer than a line (an email, a date,
 * `several-developer-seats`) at an `@`, hyphen, dot or slash near the end of the line, else where the line is full.
 */
export function wrapCell(text: string, width: number): string[] {
  const room = Math.max(1, width);
  if (displayWidth(text) <= room) return [text];
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=[;·]) /)) {
    const w = displayWidth(part);
    if (line !== '' && displayWidth(line) + 1 + w <= room) {
      line += ` ${part}`;
      continue;
    }
    if (line !== '') lines.push(line);
    const packed = w <= room ? [part] : packWords(part, room);
    lines.push(...packed.slice(0, -1));
    line = packed.at(-1) ?? '';
  }
  lines.push(line);
  return lines;
}
