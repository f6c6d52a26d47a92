/**
 * Remote text (user names, emails, role and group names, server messages) is untrusted: a name can carry escape
 * sequences that rewrite the terminal (OSC 8 links, OSC 0 window titles, cursor moves, screen clears) or bidi
 * overrides that make a line read differently from what it holds (Trojan Source, CVE-2021-42574), so control
 * characters are removed or escaped in every format. The one pattern and the one rule per format live here, in a
 * module of no layer, so that output/, cli/, looker/ (server messages) and report/ all use the same ones:
 *
 * - terminal (table, plain lines): escape sequences, C0, DEL, C1 and bidi controls removed; tab and line breaks
 *   become spaces, so a row stays one line.
 * - CSV: the same removal (a `cat report.csv` cannot drive the terminal), but tab and line breaks are data and
 *   stay, inside the quoted cell (CR and CRLF become LF, so no bare CR can overwrite a line); then the formula
 *   guard.
 * - JSON: nothing removed (the snapshot keeps the data); what JSON.stringify leaves raw is escaped as \uxxxx.
 * - XML (JUnit): the same removal as CSV; report/check.ts then drops what XML 1.0 cannot hold and escapes markup.
 */
import { stripVTControlCharacters } from 'node:util';

/**
 * Every character no format passes on raw: C0 and C1 controls and DEL, the Unicode line and paragraph separators,
 * the bidi embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM). Global, for `replace`.
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHARACTERS =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
// Anything one of the rules below changes; text without it (nearly every name) is returned as it is.
const UNSAFE = new RegExp(UNSAFE_CHARACTERS.source);
// C0 and C1 control characters and DEL, except tab, LF and CR (each format decides about those).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;
// Bidi embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// What JSON.stringify writes raw although a terminal acts on it or it reorders text: DEL, C1, the Unicode line and
// paragraph separators, bidi controls. JSON.stringify already escapes C0 and lone surrogates.
const JSON_RAW = /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

function removeControls(text: string): string {
  return text.replace(CONTROL, '').replace(BIDI, '');
}

/** Text safe to print on a terminal: one line, no control or escape sequences, no bidi controls. */
export function sanitize(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return removeControls(stripVTControlCharacters(text).replace(LINE_BREAKS, ' '));
}

/** Text without escape sequences, controls or bidi controls, tab and line breaks kept (CR and CRLF as LF). */
export function sanitizeMultiline(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return removeControls(stripVTControlCharacters(text).replace(/\r\n?|[\u2028\u2029]/g, '\n'));
}

// OWASP "CSV Injection": a spreadsheet evaluates a cell that begins with = + - @ (Apple Numbers also their full-width
// forms), and LibreOffice and Google Sheets skip leading blanks first; a leading tab, CR or LF starts a formula in
// some importers. csv-stringify's escape_formulas checks only the first character (" =1+1" and "\n=cmd" pass), so
// the guard is ours: the first non-blank character, or a leading tab/LF/CR.
const FORMULA = /^(?:[\t\n\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** A CSV text cell: sanitised as above, and neutralised with a leading `'` when a spreadsheet would run it. */
export function csvText(text: string): string {
  const clean = sanitizeMultiline(text);
  return FORMULA.test(clean) ? `'${clean}` : clean;
}

/** JSON text (already stringified) with the characters JSON.stringify leaves raw escaped as \uxxxx, as it writes C0. */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
