/**
 * What every HTML page looker-audit writes has in common (the report, `people -f html`): the head with its
 * Content-Security-Policy, the stylesheet, the header naming the run, and the figure cards.
 *
 * Security: the policy starts from `default-src 'none'` and allows inline styles; a page adds only what it needs
 * (the report: images as data: URLs and its one script, by its SHA-256 hash). So even a string that escaped its
 * escaping could not run code, and nothing (no font, image, beacon) is fetched from anywhere.
 */
import { grouped, plural } from '../../counts.js';
import { ruleSetSentence } from '../../vocabulary.js';
import { html } from './escape.js';

/** A command-line flag in the tool's own sentences (`--rules looker`) is never broken at its dashes on a phone. */
const withFlagsWhole = (escaped: string): string =>
  escaped.replace(/--[a-z][a-z-]*/g, (flag) => `<span class="flag">${flag}</span>`);
import { PAGE_STYLE } from './style.js';

/** The page's Content-Security-Policy: nothing but inline styles, plus `images` and `script` when given. */
export function contentSecurityPolicy(allow: { readonly images?: boolean; readonly scriptSha256?: string } = {}) {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    ...(allow.images ? ['img-src data:'] : []),
    "base-uri 'none'",
    "form-action 'none'",
    ...(allow.scriptSha256 === undefined ? [] : [`script-src 'sha256-${allow.scriptSha256}'`]),
  ].join('; ');
}

/** One figure: a label, the value, an optional line of detail; `bad` draws it as a warning. */
export function card(label: string, value: string, { detail = '', bad = false } = {}): string {
  return (
    `<div class="card${bad ? ' bad' : ''}"><div class="label">${label}</div><div class="value">${value}</div>` +
    (detail === '' ? '' : `<div class="detail">${detail}</div>`) +
    '</div>'
  );
}

export interface Page {
  /** The page's own title (our words, not remote text). */
  readonly title: string;
  readonly policy: string;
  /** The run the page shows: how many accounts, which rule set, when. */
  readonly run: { readonly accounts: number; readonly rules: string; readonly generatedAt: string };
  /** The HTML inside <main>. */
  readonly main: string;
  /** The HTML after </main> (a footer, the script). */
  readonly after?: string;
}

export function htmlPage(page: Page): string {
  const { run } = page;
  return (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta http-equiv="Content-Security-Policy" content="${page.policy}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${page.title} · looker-audit</title><style>${PAGE_STYLE}</style></head><body>` +
    `<header><h1>${page.title}</h1><p class="meta">${plural(run.accounts, 'account', { show: grouped })} · ` +
    `rule set ${html(run.rules)} · generated ${html(run.generatedAt.slice(0, 16).replace('T', ' '))} UTC</p>` +
    // The rule set's name means nothing to most readers: one sentence says what it does.
    `<p class="meta rules">Rule set ${withFlagsWhole(html(ruleSetSentence(run.rules)))}</p></header>` +
    `<main>${page.main}</main>${page.after ?? ''}</body></html>\n`
  );
}
