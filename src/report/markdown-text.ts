/**
 * The one Markdown escaper and the one Markdown table of every Markdown view (`summary`, `check`, `diff`,
 * `people`, `rightsize`, the remediation plan): their output goes into CI step summaries and pull-request comments,
 * where a user name such as `![x](http://host/img.png)` or an email such as `@octocat` must stay text.
 *
 * - Control and bidi characters go first (the one sanitiser, src/sanitize.ts), so the text is one line.
 * - `& < >` become entities, so the file itself holds no tag; the other ASCII punctuation is backslash-escaped:
 *   CommonMark renders `\` + any ASCII punctuation as that character (spec 0.31, "Backslash escapes"), so the
 *   text reads the same, while no link, image, emphasis, code span, autolink, table pipe or HTML tag can start. The escapes also split the text where a linkifier looks for a
 *   URL, a domain or an email (`evil\.com`, `http\:\/\/`, `a\@b\.com`), so GitHub's autolinks and markdown-it's
 *   `linkify` find none. Left as they are, for a readable file: `, ; ' " = ? % - +`, which start nothing inside a
 *   line (the text never begins one: it is a cell or follows our own words).
 * - GitHub turns `@name` into a mention, and `#123` into a link to an issue, after rendering (escapes do not stop
 *   that), so a zero-width space follows an `@` or `#` that would start one.
 */
import { sanitize } from '../sanitize.js';

const PUNCTUATION = /[!#$()*./:@[\\\]^_`{|}~]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// GitHub's mentions: an @ not preceded by a letter, digit or `_` (an email's @ is), followed by a name character.
const MENTION = /(?<![A-Za-z0-9_])@(?=[A-Za-z0-9_-])/g;
const ISSUE_REFERENCE = /(?<![A-Za-z0-9_])#(?=\d)/g;

/** Remote text for a Markdown table cell or paragraph: shown as the same text, never as Markdown or HTML. */
export function md(text: string): string {
  return sanitize(text)
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
    .replace(MENTION, '@\u200B')
    .replace(ISSUE_REFERENCE, '#\u200B')
    .replace(PUNCTUATION, (c) => `\\${c}`);
}

/** A GitHub-flavoured pipe table; cells are Markdown already (remote text through `md`). `r` aligns right. */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = head.map((_, i) => (align[i] === 'r' ? '--:' : '---'));
  return [line(head), line(rule), ...rows.map(line)].join('\n') + '\n';
}
