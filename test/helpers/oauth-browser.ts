/**
 * The browser's part of an OAuth login, played by an HTTP client: open Looker's `/auth` address, and follow the
 * redirect Looker answers to wherever it points (the login's loopback listener). Also a free loopback port, and a
 * check that nothing listens on one any more, for tests whose login must run on a port of their own (several
 * builds share the machine: the default 7878 may be taken).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

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
