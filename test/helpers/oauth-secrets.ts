/**
 * Known OAuth secret values for tests that must prove none of them reaches an output (stdout, stderr, a report,
 * a log line, a recorded request), and the check itself: each value in every form an echo may carry it (as
 * sent, URL-encoded as a form or a query does, escaped inside a JSON string). The values hold characters that
 * change under each encoding, so a test that only looks for the raw form would miss the others.
 */
export const KNOWN_OAUTH_SECRETS = {
  accessToken: 'at+known/access==token"x',
  refreshToken: 'rt known&refresh=token\\y',
  code: 'code/known+auth?code#z',
  verifier: 'verifier~known.pkce_value-with-43-characters-ok',
} as const;

function formsOf(value: string): string[] {
  return [
    ...new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
    ]),
  ];
}

/** The names of the known secrets found in `text`, in any form. */
export function oauthLeaks(text: string, secrets: Readonly<Record<string, string>> = KNOWN_OAUTH_SECRETS): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => formsOf(value).some((form) => text.includes(form)))
    .map(([name]) => name);
}
