/**
 * Escaping for the HTML report. Every string that came from a Looker instance (names, emails, role and group
 * names, error messages) passes through one of these before it reaches the page.
 *
 * - Text and attribute values: control characters and bidi controls removed (the same rule as the terminal's,
 *   src/sanitize.ts), then `& < > " '` as entities, so a value cannot leave its element or attribute.
 * - Inline JSON (`<script type="application/json">`): `<` as `\u003c`, so no `</script` or `<!--` can end or
 *   bend the script element (HTML spec, "Restrictions for contents of script elements"); U+2028 and U+2029 as
 *   escapes, because older JavaScript engines end a string literal at them (JSON allows them raw).
 */
import { sanitize } from '../../sanitize.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Remote text for an element's content or a quoted attribute value. */
export function html(text: string): string {
  return sanitize(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/**
 * The most characters a table cell drawn by the page itself shows (page-script.ts cuts its cells the same way): a
 * browser lays out one unbroken 10 MB word for minutes. The CSV and JSON carry the whole text.
 */
const CELL_MAX = 200;

/** Remote text for a table cell: cut to CELL_MAX characters (an ellipsis marks the cut), then as html(). */
export function htmlCell(text: string): string {
  if (text.length <= CELL_MAX) return html(text);
  let end = CELL_MAX - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return html(`${text.slice(0, end)}…`);
}

/** A value as JSON that is safe inside a `<script>` element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
