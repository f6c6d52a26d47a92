/**
 * The page the browser shows after Looker sends it back to the loopback listener. It says only what happened, in
 * fixed words: nothing from the request (a code, a state, Looker's error text) is written into it, so no remote
 * text can reach the page, and the headers forbid scripts, framing, caching and a Referer carrying the code.
 */
import type { LoginFailure } from './redirect.js';

export type PageKind = 'ok' | Extract<LoginFailure, 'wrong-state' | 'refused' | 'no-code'> | 'finished' | 'not-found';

const PAGES: Readonly<Record<PageKind, { readonly status: number; readonly title: string; readonly text: string }>> = {
  ok: { status: 200, title: 'Logged in', text: 'You can close this tab and return to the terminal.' },
  'wrong-state': {
    status: 400,
    title: 'Not this login',
    text: 'This answer does not belong to the login in progress, so nothing was saved. Start the login again in the terminal.',
  },
  refused: { status: 400, title: 'Login refused', text: 'Looker did not grant the login. The terminal says why.' },
  'no-code': {
    status: 400,
    title: 'No authorization code',
    text: "Looker's answer carried no authorization code. Start the login again in the terminal.",
  },
  finished: { status: 409, title: 'Already done', text: 'This login has already finished. You can close this tab.' },
  'not-found': { status: 404, title: 'Not found', text: 'This address is only for the looker-audit login.' },
};

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  connection: 'close',
};

export function callbackPage(kind: PageKind): { readonly status: number; readonly html: string } {
  const { status, title, text } = PAGES[kind];
  const html = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>looker-audit: ${title}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style>',
    `</head><body><h1>${title}</h1><p>${text}</p></body></html>`,
  ].join('\n');
  return { status, html };
}
