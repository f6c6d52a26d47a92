/**
 * Server text is untrusted: a proxy, a WAF or a misconfigured Looker may echo the request
 * it received, and the login request carries the client secret in its form body. Every piece of server text that
 * becomes part of a message (errors.ts) goes through one redactor, which removes the account's own secrets: the
 * client secret, every access token this client was given, and the proxy's credentials.
 *
 * A value is removed in each form an echo may carry it: as sent (raw), URL-encoded the way a form body encodes it
 * (`+` for spaces) or encodeURIComponent does, and escaped inside a JSON string.
 */
export type Redactor = (text: string) => string;

export const REDACTED = '<redacted>';

function formsOf(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(encodeURIComponent(value));
  forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((form) => form !== '');
}

/** A redactor over a live set of secrets: values added later (a new token) are covered by the same function. */
export interface SecretSet {
  readonly redact: Redactor;
  add(value: string | undefined | null): void;
}

export function createSecretSet(initial: ReadonlyArray<string | undefined | null> = []): SecretSet {
  let forms: string[] = [];
  const add = (value: string | undefined | null) => {
    if (value === undefined || value === null || value === '') return;
    // Longest first, so a value containing another is removed whole.
    forms = [...new Set([...forms, ...formsOf(value)])].sort((a, b) => b.length - a.length);
  };
  initial.forEach(add);
  return {
    add,
    redact: (text) => {
      let out = text;
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
      return out;
    },
  };
}

/**
 * The user name and password of a proxy URL as secrets: as written (a URL holds them percent-encoded), decoded,
 * and as the `Proxy-Authorization: Basic` value built from them (a proxy may echo its request headers).
 */
export function proxyCredentials(proxyUrl: string | undefined): string[] {
  if (proxyUrl === undefined || !URL.canParse(proxyUrl)) return [];
  const url = new URL(proxyUrl);
  if (url.username === '' && url.password === '') return [];
  const user = safeDecode(url.username);
  const password = safeDecode(url.password);
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  return [...new Set([url.username, user, url.password, password, basic])].filter((part) => part !== '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A proxy URL fit to print: scheme, host and port only (never its user name or password). */
export function displayProxy(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the proxy';
  }
}
