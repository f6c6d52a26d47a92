/** Fault injection: scripted misbehaviour for the next matching requests (401, 429 with Retry-After, 5xx, bad bodies). */
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { FakeUser, Organisation } from './org.js';
import { errorBody } from './api-json.js';

export interface FaultMatch {
  /** One method, or several (every write: `['POST', 'PUT', 'PATCH', 'DELETE']`). */
  method?: string | readonly string[];
  /** Matched against the path without the query, e.g. '/api/4.0/users' or /\/groups\//. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Let this many matching requests pass first. */
  skip?: number;
}

export type Fault =
  | {
      kind: 'status';
      status: number;
      /** A function is read when the fault fires: an HTTP-date relative to the moment of the answer, not of the injection. */
      retryAfter?: string | (() => string);
      body?: string;
      contentType?: string;
    }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop' }
  /** The request is carried out (a write changes the state), then the connection is reset before any answer. */
  | { kind: 'reset-after' }
  /** The request is carried out, then no answer ever comes (the connection stays open until either side closes). */
  | { kind: 'hang-after' }
  | { kind: 'malformed-json' }
  | { kind: 'html-200' }
  | { kind: 'expire-token' }
  | { kind: 'shift-rows'; insert?: number; remove?: number }
  | NetworkFault;

interface Armed {
  readonly match: FaultMatch;
  readonly fault: Fault;
  remaining: number;
  skip: number;
}

// A /g or /y RegExp keeps lastIndex between test() calls: reset it, or every second request would miss.
function matchesRegExp(pattern: RegExp, path: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(path);
}

export class FaultPlan {
  #armed: Armed[] = [];

  add(match: FaultMatch, fault: Fault): void {
    this.#armed.push({ match, fault, remaining: match.times ?? 1, skip: match.skip ?? 0 });
  }

  clear(): void {
    this.#armed = [];
  }

  /** The faults that fire for this request, in the order injected (e.g. latency then a status), consuming them. */
  take(method: string, path: string): Fault[] {
    const fired: Fault[] = [];
    for (const armed of this.#armed) {
      if (armed.remaining <= 0) continue;
      const methods = armed.match.method === undefined ? [] : [armed.match.method].flat();
      if (methods.length > 0 && !methods.some((m) => m.toUpperCase() === method)) continue;
      const p = armed.match.path;
      if (p !== undefined && !(typeof p === 'string' ? p === path : matchesRegExp(p, path))) continue;
      if (armed.skip > 0) {
        armed.skip--;
        continue;
      }
      armed.remaining--;
      fired.push(armed.fault);
    }
    this.#armed = this.#armed.filter((a) => a.remaining > 0);
    return fired;
  }
}

/**
 * Answers the request for the faults that replace the response; returns the status sent (-1: connection
 * dropped), or undefined for faults that only delay or alter what follows (latency, expire-token, shift-rows).
 */
export function answerFault(fault: Fault, res: ServerResponse): number | undefined {
  const raw = (status: number, contentType: string, text: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': contentType, ...headers }).end(text);
    return status;
  };
  switch (fault.kind) {
    case 'status':
      return raw(
        fault.status,
        fault.contentType ?? 'application/json',
        fault.body ?? JSON.stringify(errorBody(faultMessage(fault.status))),
        fault.retryAfter === undefined
          ? {}
          : { 'retry-after': typeof fault.retryAfter === 'function' ? fault.retryAfter() : fault.retryAfter },
      );
    case 'drop':
      // Headers promise a body that never comes: the client sees a reset mid-response.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[{"id":"1","email":', () => res.destroy());
      return -1;
    case 'malformed-json':
      return raw(200, 'application/json', '[{"id":"1","email":"ada.admin@acme.example"},{"id":');
    case 'html-200':
      // A proxy or load balancer error page, served with 200.
      return raw(
        200,
        'text/html; charset=utf-8',
        '<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>',
      );
    default:
      return undefined;
  }
}

/** The default body of an injected status: Looker's Error shape with the status's usual message. */
function faultMessage(status: number): string {
  if (status === 429) return 'Too Many Requests';
  if (status === 404) return 'Not found';
  if (status >= 500) return 'Internal server error';
  return 'Bad Request';
}

/**
 * Rows moving between pages of a listing sorted by id: removing the lowest ids shifts later rows to earlier
 * pages (a reader at offset N skips some); inserting ids below the lowest shifts rows to later pages (a reader
 * sees some twice). With no id left below the lowest, inserted users take the next free id after the highest.
 */
export function shiftRows(org: Organisation, insert: number, remove: number): void {
  org.users.sort((a, b) => Number(a.id) - Number(b.id));
  org.users.splice(0, Math.min(remove, org.users.length));
  for (let i = 0; i < insert; i++) {
    const ids = org.users.map((u) => Number(u.id));
    const lowest = ids.length > 0 ? Math.min(...ids) : 2;
    const below = lowest > 1;
    const id = String(below ? lowest - 1 : Math.max(...ids) + 1);
    const user: FakeUser = {
      id,
      first_name: 'New',
      last_name: `Hire ${id}`,
      email: `new.hire.${id}@acme.example`,
      is_disabled: false,
      role_ids: [],
      group_ids: [],
      login: 'email',
      logged_in_at: null,
    };
    if (below) org.users.unshift(user);
    else org.users.push(user);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Network faults: what proxies, WAFs and broken servers do to a response. Kept in their own block.
// ---------------------------------------------------------------------------------------------------------------

export type NetworkFault =
  /** A 3xx to `location` (a Looker behind SSO, or a url that points at the web UI). */
  | { kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; location: string }
  /** Looker's Error shape whose message repeats the request it got: method, path, Authorization, form body. */
  | { kind: 'echo'; status?: number }
  /** A 200 JSON body that never ends (until the client hangs up). */
  | { kind: 'endless' }
  /** A small gzip body that expands to `expandsToMb` (default 64) MB of JSON whitespace. */
  | { kind: 'gzip-bomb'; expandsToMb?: number }
  /** Headers, then one byte every `intervalMs` (default 200), never the end. */
  | { kind: 'drip'; intervalMs?: number };

/** What an echo repeats of the request. */
export interface EchoedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
  readonly bodyText: string;
}

const bombs = new Map<number, Buffer>();
function gzipBomb(mb: number): Buffer {
  let bomb = bombs.get(mb);
  if (bomb === undefined) {
    bomb = gzipSync(Buffer.alloc(mb * 1024 * 1024, 0x20));
    bombs.set(mb, bomb);
  }
  return bomb;
}

/** Answers a network fault; returns the status sent, or undefined when `fault` is not one of them. */
export function answerNetworkFault(fault: Fault, res: ServerResponse, request: EchoedRequest): number | undefined {
  switch (fault.kind) {
    case 'redirect': {
      const status = fault.status ?? 302;
      res.writeHead(status, { location: fault.location, 'content-type': 'text/html' }).end('<a>moved</a>');
      return status;
    }
    case 'echo': {
      const status = fault.status ?? 404;
      const message =
        `Not found. Request was: ${request.method} ${request.path} authorization=${request.authorization} ` +
        `body=${request.bodyText}`;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(message)));
      return status;
    }
    case 'endless': {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.from('{"id":"1","email":"endless@acme.example"},'.repeat(1500));
      let open = true;
      res.on('close', () => (open = false));
      const pump = () => {
        while (open && res.write(chunk));
        if (open) res.once('drain', pump);
      };
      res.write('[');
      pump();
      return 200;
    }
    case 'gzip-bomb': {
      const bomb = gzipBomb(fault.expandsToMb ?? 64);
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        })
        .end(bomb);
      return 200;
    }
    case 'drip': {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write(' '), fault.intervalMs ?? 200);
      res.on('close', () => clearInterval(timer));
      return 200;
    }
    default:
      return undefined;
  }
}
