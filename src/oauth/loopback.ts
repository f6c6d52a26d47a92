/**
 * The loopback listener of a login (RFC 8252 §7.3): it listens on the redirect URI's host and port, takes
 * exactly one request on the redirect path, answers the browser with a short page, and closes.
 *
 * - The one request decides: its state is checked first (readRedirect), and whatever it says (a code, Looker's
 *   refusal, a wrong state) ends the wait. Any other path (a favicon) is answered 404 and does not count; a
 *   request that arrives while the listener closes is told the login is over.
 * - The wait is bounded (5 minutes by default; the timer is injectable) and stops on the caller's signal
 *   (Ctrl-C). Whichever way it ends, `result` settles only after every socket is closed, so nothing is left
 *   listening; the listener writes no file.
 * - `localhost` is listened on at both 127.0.0.1 and ::1: a browser may resolve it to either, and another
 *   program on the other one would otherwise receive the code. A machine without IPv6 skips ::1; a port taken
 *   on either address fails the login.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { callbackPage, PAGE_HEADERS, type PageKind } from './callback-page.js';
import { OAuthLoginError, readRedirect } from './redirect.js';

export const LOGIN_WAIT_MS = 5 * 60 * 1000;

export interface LoopbackOptions {
  /** An `http://` loopback URI with a port, exactly as registered with the OAuth app (config/oauth.ts checks it). */
  readonly redirectUri: string;
  /** The state sent with this login. */
  readonly state: string;
  /** The person's stop (Ctrl-C). */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Resolves after `ms` unless `signal` aborts first (default: node:timers/promises setTimeout). */
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface LoopbackListener {
  /** `host:port` of every socket listened on, e.g. `127.0.0.1:7878`. */
  readonly addresses: readonly string[];
  /** The code of the one redirect; OAuthLoginError otherwise. Settles once every socket is closed. */
  readonly result: Promise<{ readonly code: string }>;
  /** Stops listening (the paste fallback won, or the caller gives up); a pending result rejects as 'stopped'. */
  close(): Promise<void>;
}

const MAX_REQUEST_MS = 10_000;
const NO_IPV6 = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

function hostsFor(hostname: string): { readonly required: string[]; readonly optional: string[] } {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' ? { required: ['127.0.0.1'], optional: ['::1'] } : { required: [host], optional: [] };
}

function listenError(host: string, port: number, error: unknown): OAuthLoginError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const why =
    code === 'EADDRINUSE'
      ? 'another program is using that port; stop it, or register another redirect_uri and set it in the config'
      : code === 'EACCES'
        ? 'not allowed to listen there'
        : code === 'EADDRNOTAVAIL'
          ? 'no such address on this machine'
          : (code ?? 'error');
  return new OAuthLoginError('listen', `cannot listen on ${where} for the login's redirect: ${why}`, {
    cause: error,
  });
}

async function listenOn(server: Server, host: string, port: number): Promise<void> {
  server.listen(port, host);
  await once(server, 'listening');
}

export async function listenForRedirect(options: LoopbackOptions): Promise<LoopbackListener> {
  const target = new URL(options.redirectUri);
  // The URL parser drops a written `:80`; config/oauth.ts has made sure a port was written.
  const port = target.port === '' ? 80 : Number(target.port);
  if (target.protocol !== 'http:') throw new TypeError('listenForRedirect: the redirect URI must be http://');
  const { required, optional } = hostsFor(target.hostname);
  const servers: Server[] = [];
  const ended = new AbortController();
  // `settled`: a redirect (or a stop) decided the login; `closing`: the sockets are being closed.
  let settled = false;
  let closing = false;
  let finish: (outcome: { code: string } | OAuthLoginError) => void = () => undefined;
  // Made before listening: a redirect that arrives while the second address is still being set up is not lost.
  const result = new Promise<{ code: string }>((resolve, reject) => {
    finish = (outcome) => (outcome instanceof OAuthLoginError ? reject(outcome) : resolve(outcome));
  });
  // The caller may await it later (after opening the browser): an early failure is not an unhandled rejection.
  result.catch(() => undefined);

  const answer = (res: ServerResponse, kind: PageKind) => {
    const page = callbackPage(kind);
    res.writeHead(page.status, PAGE_HEADERS).end(page.html);
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', target.origin);
    if (req.method !== 'GET' || url.pathname !== target.pathname) return answer(res, 'not-found');
    if (settled) return answer(res, 'finished');
    let outcome: { code: string } | OAuthLoginError;
    try {
      outcome = readRedirect(url.searchParams, options.state);
    } catch (error) {
      if (!(error instanceof OAuthLoginError)) throw error;
      outcome = error;
    }
    settled = true;
    answer(res, outcome instanceof OAuthLoginError ? (outcome.failure as PageKind) : 'ok');
    // Closed once the page is sent, so the browser gets it whole.
    res.once('close', () => settle(outcome));
  };

  const closeAll = async () => {
    closing = true;
    ended.abort();
    await Promise.all(
      servers.map(async (server) => {
        if (!server.listening) return;
        const closed = once(server, 'close');
        server.close();
        server.closeAllConnections();
        await closed;
      }),
    );
  };

  function settle(outcome: { code: string } | OAuthLoginError): void {
    if (closing) return;
    settled = true;
    options.signal?.removeEventListener('abort', onStop);
    void closeAll().then(() => finish(outcome));
  }
  const onStop = () => settle(new OAuthLoginError('stopped', 'the login was stopped; nothing was saved'));

  try {
    for (const host of [...required, ...optional]) {
      const server = createServer(handle);
      server.requestTimeout = MAX_REQUEST_MS;
      server.headersTimeout = MAX_REQUEST_MS;
      try {
        await listenOn(server, host, port);
        servers.push(server);
      } catch (error) {
        const missing = optional.includes(host) && NO_IPV6.has(String((error as NodeJS.ErrnoException).code));
        if (!missing) throw listenError(host, port, error);
      }
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  // A redirect taken while a later address was being set up closed the earlier ones: close this one too.
  if (closing) await closeAll();

  if (options.signal?.aborted) onStop();
  else options.signal?.addEventListener('abort', onStop, { once: true });

  const timeoutMs = options.timeoutMs ?? LOGIN_WAIT_MS;
  const wait = options.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  wait(timeoutMs, ended.signal).then(
    () =>
      settle(
        new OAuthLoginError(
          'timeout',
          `no answer from the browser within ${Math.round(timeoutMs / 60_000)} minutes; nothing was saved: log in again`,
        ),
      ),
    () => undefined,
  );

  return {
    addresses: servers.map((server) => {
      const address = server.address();
      return typeof address === 'object' && address !== null
        ? `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
        : String(address);
    }),
    result,
    close: async () => {
      settle(new OAuthLoginError('stopped', 'the login was stopped; nothing was saved'));
      await result.catch(() => undefined);
    },
  };
}
