/**
 * What OAuth login tests share: the browser's part, played by an HTTP client (open Looker's `/auth` address and
 * follow the redirect Looker answers to wherever it points: the login's loopback listener); a redirect on a free
 * loopback port registered with the sample's OAuth app, since several builds share this machine and the default
 * 7878 may be taken; a check that nothing listens on a port any more; and a config with an API3 account beside
 * `auth: oauth` ones.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SAMPLE_CREDENTIALS, SAMPLE_OAUTH_CLIENT, type FakeLooker } from '../../src/fake-looker/index.js';

export interface BrowserVisit {
  /** What `/auth` answered (302 when Looker sends the browser back, 400 when it refuses to). */
  readonly authStatus: number;
  /** Where Looker sent the browser, if anywhere. */
  readonly location: URL | null;
  /** What the redirect target answered, when it was followed. */
  readonly landed?: { readonly status: number; readonly body: string };
}

/** GET the login page; with `follow`, also the address it redirects to, after `rewrite` (an attacker's edit). */
export async function visitLoginPage(
  url: string,
  options: { readonly follow?: boolean; readonly rewrite?: (target: URL) => URL } = {},
): Promise<BrowserVisit> {
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  const header = res.headers.get('location');
  const location = header === null ? null : new URL(header, url);
  if (location === null || options.follow === false) return { authStatus: res.status, location };
  const target = options.rewrite ? options.rewrite(location) : location;
  const back = await fetch(target, { redirect: 'manual' });
  return { authStatus: res.status, location: target, landed: { status: back.status, body: await back.text() } };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Listens on `port` and lets it go: throws EADDRINUSE when something still listens there. */
export async function expectPortFree(port: number): Promise<void> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  server.close();
  await once(server, 'close');
}

/** A redirect URI on a free port, registered with the sample's OAuth app in place of its default. */
export async function registerLoopbackRedirect(fake: FakeLooker): Promise<{ port: number; redirect: string }> {
  const port = await freePort();
  const redirect = `http://127.0.0.1:${port}/callback`;
  const app = fake.org.oauth_client_apps?.find((a) => a.client_guid === SAMPLE_OAUTH_CLIENT.clientId);
  if (app === undefined) throw new Error('the sample has no OAuth app');
  app.redirect_uri = redirect;
  return { port, redirect };
}

/**
 * A config with the API3 account `keyed` (its secret from API3_SECRET) and `auth: oauth` accounts named `people`,
 * all on `url`, with `redirectUri` when given, then `extra` (more top-level keys).
 */
export function oauthConfigYaml(
  url: string,
  options: { readonly people?: readonly string[]; readonly redirectUri?: string; readonly extra?: string } = {},
): string {
  const lines = [
    'accounts:',
    '  - name: keyed',
    // The API3 account by another name of the same test server: one instance under two accounts is refused when
    // both are audited at once (every seat would count twice), and these tests audit both.
    `    url: ${url.replace('//127.0.0.1:', '//localhost:')}`,
    `    client_id: ${SAMPLE_CREDENTIALS.clientId}`,
    '    client_secret_env: API3_SECRET',
  ];
  for (const name of options.people ?? ['person'])
    lines.push(
      `  - name: ${name}`,
      `    url: ${url}`,
      '    auth: oauth',
      `    client_id: ${SAMPLE_OAUTH_CLIENT.clientId}`,
      ...(options.redirectUri === undefined ? [] : [`    redirect_uri: ${options.redirectUri}`]),
    );
  return `${lines.join('\n')}\n${options.extra ?? ''}`;
}
