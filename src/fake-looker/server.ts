/**
 * The sample Looker instance on node:http, bound to 127.0.0.1 only. It imitates the Looker API 4.0 behaviour
 * the audit depends on (docs/looker-api.md): form-body login answering 404 on bad credentials, `token`/`Bearer`
 * auth with 401 on a missing or expired token, `fields` selection, limit/offset (and the deprecated
 * page/per_page), `sorts`, Link and X-Total-Count headers, the group endpoints, and injected faults.
 */
import { setMaxListeners } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readBody } from './body.js';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answerFault, answerNetworkFault, FaultPlan, shiftRows, type Fault, type FaultMatch } from './faults.js';
import { parseFields, selectFields } from './fields.js';
import { cutPage, linkHeader, type PagingQuirks } from './list.js';
import { indexOrganisation, type Organisation, type OrgIndex } from './org.js';
import { routes, type RouteContext } from './routes.js';
import type { SupportRolesReading } from './route-kit.js';
import { sampleOrganisation } from './sample.js';
import { createOAuthServer, type OAuthServerOptions } from './oauth.js';
import { errorBody } from './api-json.js';
import { createSystemActivityState, type SystemActivityOptions, type SystemActivityState } from './system-activity.js';

export interface FakeCredentials {
  clientId: string;
  clientSecret: string;
}

/** Public sample values, printed by `demo --serve`: not secrets. */
export const SAMPLE_CREDENTIALS: FakeCredentials = {
  clientId: 'sample-client-id',
  clientSecret: 'sample-client-secret',
};

export interface FakeLookerOptions {
  org?: Organisation;
  credentials?: FakeCredentials[];
  /** AccessToken.expires_in (default 3600, Looker's one hour). */
  tokenTtlSeconds?: number;
  /** ms clock for token expiry (default Date.now). */
  now?: () => number;
  /** Send Link + X-Total-Count when the request pages (limit or per_page); default true. */
  pagingHeaders?: boolean;
  /** A lying or missing X-Total-Count, or offsets ignored (see PagingQuirks); default: honest paging. */
  paging?: PagingQuirks;
  /**
   * How `GET /roles?get_all_support_roles=true` is read: 'added' (default) returns customer and support roles,
   * 'only' returns the support roles alone. The spec's description allows both (docs/looker-api.md, Support roles).
   */
  supportRoles?: SupportRolesReading;
  /** Simulated server work per request and per returned row (benchmarks); real time. */
  serverTime?: { perRequestMs: number; perRowMs: number };
  /** looker_release_version (default '26.12.0'). */
  release?: string;
  /** default 0: an ephemeral port. The host is always 127.0.0.1. */
  port?: number;
  /**
   * The organisation will not change while the server runs (benchmarks): successful GET responses are cached by
   * URL, so the fake's own CPU (building and serialising pages) stays out of the measurement, and serverTime alone
   * stands for Looker's work. Tests that change the org leave it off (the default).
   */
  frozen?: boolean;
  /** System Activity: the activity history and the failures to imitate (system-activity.ts). */
  systemActivity?: SystemActivityOptions;
  /** OAuth code and refresh token lifetimes (oauth.ts); access tokens live tokenTtlSeconds. */
  oauth?: Pick<OAuthServerOptions, 'codeTtlSeconds' | 'refreshTtlSeconds'>;
  /** Called as each request arrives (before any injected latency): tests await a request instead of polling. */
  onRequest?: (request: RecordedRequest) => void;
}

export interface RecordedRequest {
  method: string;
  /** Without the query, e.g. '/api/4.0/users'. */
  path: string;
  /** Query parameters; the values of client_secret and access_token are replaced by '<redacted>'. */
  query: Record<string, string>;
  /** The status sent; -1 when the connection was dropped by a 'drop' fault. */
  status: number;
  auth: 'token' | 'bearer' | 'none';
  /** Names of the body's fields, never their values. */
  bodyKeys: string[];
  /** Epoch milliseconds (sub-millisecond precision) when the request arrived and when its response was sent. */
  receivedAt: number;
  sentAt?: number;
}

export interface FakeLooker {
  /** 'http://127.0.0.1:<port>', without /api/4.0. */
  readonly url: string;
  /** The live, mutable store: tests may change it between requests. */
  readonly org: Organisation;
  readonly requests: RecordedRequest[];
  inject(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
  /** Tokens issued and neither logged out nor expired (by the injected clock). */
  liveSessions(clientId?: string): number;
  expireAllTokens(): void;
  /** OAuth refresh tokens that would still be honoured (by the injected clock). */
  liveRefreshTokens(clientId?: string): number;
  /**
   * Honours an OAuth grant whose values the caller chose (as if `/api/token` had issued them), so that a test
   * knows every secret in play: the access token for tokenTtlSeconds, the refresh token for the refresh lifetime.
   */
  grantOAuth(clientId: string, tokens: { readonly accessToken: string; readonly refreshToken: string }): void;
  /** System Activity options and every query body received (for request conformance tests). */
  readonly systemActivity: SystemActivityState;
  close(): Promise<void>;
}

const PREFIX = '/api/4.0';
const epochMs = () => performance.timeOrigin + performance.now();
const SECRET_PARAMS = new Set(['client_secret', 'access_token', 'refresh_token', 'code', 'code_verifier']);

export async function startFakeLooker(options: FakeLookerOptions = {}): Promise<FakeLooker> {
  const org = options.org ?? sampleOrganisation();
  // The built-in sample has a hand-written activity history; any other organisation one derived from its users.
  const systemActivity = createSystemActivityState(options.systemActivity ?? {}, options.org === undefined);
  const credentials = options.credentials ?? [SAMPLE_CREDENTIALS];
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 3600;
  const release = options.release ?? '26.12.0';
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const issueToken = (clientId: string) => {
    const token = randomBytes(20).toString('hex');
    tokens.set(token, { clientId, expiresAt: now() + ttl * 1000 });
    return token;
  };
  const oauth = createOAuthServer({
    ...options.oauth,
    org,
    now,
    accessTtlSeconds: ttl,
    issueAccessToken: issueToken,
    revokeAccessToken: (token) => tokens.delete(token),
  });
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];
  // Aborted on close(), so injected latency never keeps the process (or jest) alive.
  const closing = new AbortController();
  // Every request waiting out its latency listens on it: as many as the clients send at once (Node warns past 10).
  setMaxListeners(0, closing.signal);
  const wait = (ms: number) => sleep(ms, undefined, { signal: closing.signal });
  let base = '';
  const responses = new Map<string, { status: number; json: string; headers: Record<string, string>; rows: number }>();
  const serverWait = (rows: number) =>
    options.serverTime ? wait(options.serverTime.perRequestMs + rows * options.serverTime.perRowMs) : undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const receivedAt = epochMs();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    const header = String(req.headers.authorization ?? '');
    const auth = /^token\s/i.test(header) ? 'token' : /^bearer\s/i.test(header) ? 'bearer' : 'none';
    const recordedQuery = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [k, SECRET_PARAMS.has(k) ? '<redacted>' : v]),
    );
    const record: RecordedRequest = {
      receivedAt,
      method,
      path: url.pathname,
      query: recordedQuery,
      status: 0,
      auth,
      bodyKeys: Object.keys(body.fields),
    };
    requests.push(record);
    options.onRequest?.(record);
    res.once('finish', () => (record.sentAt = epochMs()));

    // 'reset-after' and 'hang-after': the request is handled as usual, then reset, or left unanswered.
    let after: 'reset-after' | 'hang-after' | undefined;
    const reset = (): boolean => {
      if (after === undefined) return false;
      record.status = -1;
      if (after === 'reset-after') res.socket?.destroy();
      return true;
    };
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      if (reset()) return;
      record.status = status;
      if (payload === undefined) {
        res.writeHead(status, headers).end();
        return;
      }
      sendJson(status, JSON.stringify(payload), headers);
    };
    const sendJson = (status: number, json: string, headers: Record<string, string>) => {
      if (reset()) return;
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(json);
    };

    let expireToken = false;
    for (const fault of faults.take(method, url.pathname)) {
      // Network faults first: redirect, echo, endless, gzip-bomb, drip.
      const echoed = {
        method,
        path: url.pathname,
        authorization: header,
        bodyText: new URLSearchParams(body.fields).toString(),
      };
      const answered = answerNetworkFault(fault, res, echoed);
      if (answered !== undefined) {
        record.status = answered;
        return;
      }
      const sent = answerFault(fault, res);
      if (sent !== undefined) {
        record.status = sent;
        return;
      }
      switch (fault.kind) {
        case 'latency':
          await wait(fault.ms);
          break;
        case 'expire-token':
          expireToken = true;
          break;
        case 'reset-after':
        case 'hang-after':
          after = fault.kind;
          break;
        case 'shift-rows':
          shiftRows(org, fault.insert ?? 0, fault.remove ?? 0);
          break;
        default:
          break;
      }
    }

    const oauthAnswer = oauth.serve(method, url.pathname, query, body, String(req.headers['content-type'] ?? ''));
    if (oauthAnswer) return send(oauthAnswer.status, oauthAnswer.body, oauthAnswer.headers);
    if (!url.pathname.startsWith(`${PREFIX}/`)) return send(404, errorBody('Not found'));
    const path = url.pathname.slice(PREFIX.length);
    if (body.invalid) return send(400, errorBody('Bad Request: the body is not a JSON object'));

    if (path === '/login' && method === 'POST') {
      // Looker reads the form body, and still the query string (deprecated before the end of 2026, spec login).
      const clientId = body.fields.client_id ?? query.client_id;
      const secret = body.fields.client_secret ?? query.client_secret;
      const known = credentials.find((c) => c.clientId === clientId && c.clientSecret === secret);
      // Bad credentials: 404, not 401 (the spec declares no 401 for login; docs/looker-api.md, Login).
      if (!known) return send(404, errorBody('Not found'));
      const token = issueToken(known.clientId);
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: ttl, refresh_token: null });
    }

    const presented = header.replace(/^(token|bearer)\s+/i, '').trim();
    const session = tokens.get(presented);
    if (session && (expireToken || now() >= session.expiresAt)) tokens.delete(presented);
    if (auth === 'none' || !tokens.has(presented)) return send(401, errorBody('Requires authentication.'));

    if (path === '/logout' && method === 'DELETE') {
      tokens.delete(presented);
      oauth.loggedOut(presented);
      return send(204);
    }

    const cacheKey = options.frozen === true && method === 'GET' ? `${url.pathname}${url.search}` : undefined;
    const cached = cacheKey === undefined ? undefined : responses.get(cacheKey);
    if (cached) {
      await serverWait(cached.rows);
      return sendJson(cached.status, cached.json, cached.headers);
    }

    // The index walks every user: built only for the routes that read it (group views), not for each page of users.
    let index: OrgIndex | undefined;
    const ctx: RouteContext = {
      org,
      get index() {
        index ??= indexOrganisation(org);
        return index;
      },
      base,
      query,
      body: body.fields,
      json: body.json,
      release,
      supportRoles: options.supportRoles ?? 'added',
      clientId: session?.clientId,
      now,
      systemActivity,
    };
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const result = route.handle(ctx, match.slice(1).map(decodeURIComponent));
      if (result.text) {
        await serverWait(result.text.rows);
        if (reset()) return;
        record.status = result.status;
        res.writeHead(result.status, { 'content-type': result.text.contentType }).end(result.text.body);
        return;
      }
      let payload = result.body;
      const headers: Record<string, string> = {};
      if (result.list) {
        const quirks = options.paging ?? {};
        const page = cutPage(result.list.rows, query, quirks);
        payload = result.list.render(page.rows);
        if (page.limit !== undefined && options.pagingHeaders !== false) {
          if (quirks.total !== 'none') headers['x-total-count'] = String(quirks.total ?? result.list.rows.length);
          headers.link = linkHeader(`${base}${url.pathname}`, query, page.offset, page.limit, result.list.rows.length);
        }
      }
      if (query.fields && payload !== undefined && result.status < 300)
        payload = selectFields(payload, parseFields(query.fields));
      const rows = Array.isArray(payload) ? payload.length : 0;
      if (cacheKey !== undefined && result.status === 200 && payload !== undefined) {
        const json = JSON.stringify(payload);
        responses.set(cacheKey, { status: result.status, json, headers, rows });
        await serverWait(rows);
        return sendJson(result.status, json, headers);
      }
      await serverWait(rows);
      return send(result.status, payload, headers);
    }
    return send(404, errorBody('Not found'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (closing.signal.aborted || res.headersSent || res.destroyed) return;
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            errorBody(`fake-looker internal error: ${error instanceof Error ? error.message : String(error)}`),
          ),
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    org,
    requests,
    inject: (match, fault) => faults.add(match, fault),
    clearFaults: () => faults.clear(),
    liveSessions: (clientId) =>
      [...tokens.values()].filter((t) => now() < t.expiresAt && (clientId === undefined || t.clientId === clientId))
        .length,
    expireAllTokens: () => tokens.clear(),
    liveRefreshTokens: (clientId) => oauth.liveRefreshTokens(clientId),
    grantOAuth: (clientId, { accessToken, refreshToken }) => {
      tokens.set(accessToken, { clientId, expiresAt: now() + ttl * 1000 });
      oauth.adoptRefreshToken(clientId, refreshToken, accessToken);
    },
    systemActivity,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
