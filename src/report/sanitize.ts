/**
 * Remote text (user names, emails, role and group names) is untrusted: a name can carry escape sequences
 * that rewrite the terminal (OSC 8 links, cursor moves, title changes) or bidi overrides that make a line
 * read differently from what it holds (Trojan Source, CVE-2021-42574). Strip them before display.
 */
import { stripVTControlCharacters } from 'node:util';

// C0 and C1 control characters (tab, newline and carriage return become spaces, so a row stays one line).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/g;
// Bidi embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Text safe to print on a terminal: one line, no control or escape sequences, no bidi controls. */
export function sanitize(text: string): string {
  return stripVTControlCharacters(text).replace(LINE_BREAKS, ' ').replace(CONTROL, '').replace(BIDI, '');
}
