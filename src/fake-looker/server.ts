/**
 * The sample Looker instance on node:http, bound to 127.0.0.1 only. It imitates the Looker API 4.0 behaviour
 * the audit depends on (reference.md): form-body login answering 404 on bad credentials, `token`/`Bearer`
 * auth with 401 on a missing or expired token, `fields` selection, limit/offset (and the deprecated
 * page/per_page), `sorts`, Link and X-Total-Count headers, and the group endpoints.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type Fault, type FaultMatch } from './faults.js';
import { parseFields, selectFields } from './fields.js';
import type { Organisation } from './org.js';
import { routes, type RouteContext } from './routes.js';
import { sampleOrganisation } from './sample.js';
import { errorBody } from './views.js';

export interface FakeCredentials {
  clientId: string;
  clientSecret: string;
}

/** Public sample values, printed by `demo --serve`: not secrets. */
export const SAMPLE_CREDENTIALS: FakeCredentials = { clientId: 'sample-client-id', clientSecret: 'sample-client-secret' };

export interface FakeLookerOptions {
  org?: Organisation;
  credentials?: FakeCredentials[];
  tokenTtlSeconds?: number;
  now?: () => number;
  pagingHeaders?: boolean;
  /** Simulated server work per request and per returned row (benchmarks). */
  serverTime?: { perRequestMs: number; perRowMs: number };
  release?: string;
  port?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  auth: 'token' | 'bearer' | 'none';
  /** Names of the body's fields, never their values. */
  bodyKeys: string[];
}

export interface FakeLooker {
  readonly url: string;
  readonly org: Organisation;
  readonly requests: RecordedRequest[];
  inject(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
  liveSessions(clientId?: string): number;
  expireAllTokens(): void;
  close(): Promise<void>;
}

const PREFIX = '/api/4.0';
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      const data = JSON.parse(text) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    } catch {
      return { __invalid_json__: text };
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startFakeLooker(options: FakeLookerOptions = {}): Promise<FakeLooker> {
  const org = options.org ?? sampleOrganisation();
  const credentials = options.credentials ?? [SAMPLE_CREDENTIALS];
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlSeconds ?? 3600;
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];
  let base = '';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    const header = String(req.headers.authorization ?? '');
    const auth = /^token /i.test(header) ? 'token' : /^bearer /i.test(header) ? 'bearer' : 'none';
    const record: RecordedRequest = { method, path: url.pathname, query, status: 0, auth, bodyKeys: Object.keys(body) };
    requests.push(record);

    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const text = payload === undefined ? '' : JSON.stringify(payload);
      res.writeHead(status, { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(text);
    };

    let expireToken = false;
    for (const fault of faults.take(method, url.pathname)) {
      switch (fault.kind) {
        case 'latency':
          await delay(fault.ms);
          break;
        case 'status': {
          record.status = fault.status;
          res.writeHead(fault.status, { 'content-type': fault.contentType ?? 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
          res.end(fault.body ?? JSON.stringify(errorBody(fault.status === 429 ? 'Too Many Requests' : 'Internal server error')));
          return;
        }
        case 'drop':
          record.status = -1;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('[{"id":"1","email":');
          res.destroy();
          return;
        case 'malformed-json':
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('[{"id":"1","email":"a@b.c"},{"id":');
          return;
        case 'html-200':
          record.status = 200;
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end('<html><body><h1>Service temporarily unavailable</h1></body></html>');
          return;
        case 'expire-token':
          expireToken = true;
          break;
        case 'shift-rows':
          shiftRows(org, fault.insert ?? 0, fault.remove ?? 0);
          break;
      }
    }

    if (!url.pathname.startsWith(`${PREFIX}/`)) return send(404, errorBody('Not found'));
    const path = url.pathname.slice(PREFIX.length);

    if (path === '/login' && method === 'POST') {
      // Looker reads credentials from the form body, still from the query string too (deprecated).
      const clientId = body.client_id ?? query.client_id;
      const secret = body.client_secret ?? query.client_secret;
      const ok = credentials.some((c) => c.clientId === clientId && c.clientSecret === secret);
      if (!ok) return send(404, errorBody('Not found'));
      const token = randomBytes(20).toString('hex');
      tokens.set(token, { clientId: clientId as string, expiresAt: now() + ttl * 1000 });
      return send(200, { access_token: token, token_type: 'Bearer', expires_in: ttl, refresh_token: null });
    }

    const presented = header.replace(/^(token|bearer)\s+/i, '');
    const session = tokens.get(presented);
    if (session && (expireToken || now() >= session.expiresAt)) tokens.delete(presented);
    if (!tokens.has(presented)) return send(401, errorBody('Requires authentication.'));

    if (path === '/logout' && method === 'DELETE') {
      tokens.delete(presented);
      record.status = 204;
      res.writeHead(204);
      res.end();
      return;
    }

    const ctx: RouteContext = { org, base, query, body, release: options.release ?? '26.12.0' };
    for (const route of routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      const result = route.handle(ctx, match.slice(1));
      if (result.status === 204) {
        record.status = 204;
        res.writeHead(204);
        res.end();
        return;
      }
      let payload = result.body;
      const headers: Record<string, string> = {};
      if (result.list) {
        const page = paginate(result.list, query);
        payload = page.rows;
        if (page.limit !== undefined && options.pagingHeaders !== false) {
          headers['x-total-count'] = String(result.list.length);
          headers.link = linkHeader(`${base}${url.pathname}`, query, page.offset, page.limit, result.list.length);
        }
      }
      if (query.fields && payload !== undefined) payload = selectFields(payload, parseFields(query.fields));
      if (options.serverTime) {
        await delay(options.serverTime.perRequestMs + (Array.isArray(payload) ? payload.length * options.serverTime.perRowMs : 0));
      }
      return send(result.status, payload, headers);
    }
    return send(404, errorBody('Not found'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(errorBody(`fake-looker internal error: ${String(error)}`)));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    org,
    requests,
    inject: (match, fault) => faults.add(match, fault),
    clearFaults: () => faults.clear(),
    liveSessions: (clientId) => [...tokens.values()].filter((t) => now() < t.expiresAt && (clientId === undefined || t.clientId === clientId)).length,
    expireAllTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function paginate<T>(list: readonly T[], query: Record<string, string>): { rows: T[]; limit?: number; offset: number } {
  const num = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  // limit/offset win over the deprecated page/per_page (reference.md section 5).
  let limit = num(query.limit);
  let offset = num(query.offset) ?? 0;
  if (limit === undefined && num(query.per_page) !== undefined) {
    limit = num(query.per_page) as number;
    offset = ((num(query.page) ?? 1) - 1) * limit;
  }
  if (limit === undefined) return { rows: list.slice(offset), offset };
  return { rows: list.slice(offset, offset + limit), limit, offset };
}

/** GitHub-style Link, as sdk-codegen docs/paging.md describes Looker's. */
function linkHeader(url: string, query: Record<string, string>, offset: number, limit: number, total: number): string {
  const at = (o: number) => {
    const q = new URLSearchParams({ ...query, limit: String(limit), offset: String(o) });
    q.delete('page');
    q.delete('per_page');
    return `<${url}?${q.toString()}>`;
  };
  const links = [`${at(0)}; rel="first"`];
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))}; rel="prev"`);
  links.push(`${at(Math.max(0, Math.floor((total - 1) / limit) * limit))}; rel="last"`);
  return links.join(', ');
}

/**
 * Rows moving between pages (sorted by id): removing the lowest ids shifts later rows left; inserting ids
 * below the lowest shifts them right. With no room below (ids starting at 1), inserted users go last.
 */
function shiftRows(org: Organisation, insert: number, remove: number): void {
  org.users.sort((a, b) => Number(a.id) - Number(b.id));
  org.users.splice(0, Math.min(remove, org.users.length));
  for (let i = 0; i < insert; i++) {
    const ids = org.users.map((u) => Number(u.id));
    const lowest = ids.length > 0 ? Math.min(...ids) : 2;
    const id = lowest > 1 ? String(lowest - 1) : String(Math.max(...ids) + 1);
    const user = { id, first_name: 'New', last_name: `Hire ${id}`, email: `new.hire.${id}@acme.example`, is_disabled: false, role_ids: [], group_ids: [], login: 'email' as const, logged_in_at: null };
    if (lowest > 1) org.users.unshift(user);
    else org.users.push(user);
  }
}
