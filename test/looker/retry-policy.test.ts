/**
 * The retry policy by request kind, as a table: each kind of request (a read, an idempotent write, a request that
 * is not idempotent) against each answer or failure, through the whole client on a scripted server. A read or an
 * idempotent write is sent again after 429/502/503/504, a reset and a timeout; a request that is not idempotent
 * only after a refused connection (nothing was sent). A 401 renews the token and sends any request once more.
 * Every request sent is counted.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { AccountConfig } from '../../src/config/types.js';
import { createLookerClient, type JsonRequestOptions } from '../../src/looker/client.js';
import { LookerApiError } from '../../src/looker/errors.js';
import type { HttpMethod } from '../../src/looker/request.js';
import { authenticatorDouble } from './authenticator-double.js';
import { rejection } from './harness.js';
import { startScriptedServer, type Reply, type ScriptedServer } from './scripted-server.js';

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

type Kind = 'read' | 'idempotent' | 'once';
type Outcome =
  | '429'
  | '500'
  | '502'
  | '503'
  | '504'
  | '401'
  | '404'
  | 'ECONNRESET after send'
  | 'ECONNREFUSED before send'
  | 'timeout';
type Verdict = 'retried' | 'not retried' | 'sent again after a refresh';

/** The requests: what the caller sends, and the kind that follows from it. */
const REQUESTS: readonly { method: HttpMethod; path: string; options: JsonRequestOptions; kind: Kind }[] = [
  { method: 'GET', path: 'users/7', options: {}, kind: 'read' },
  { method: 'PUT', path: 'users/7/roles', options: { body: ['1', '2'] }, kind: 'idempotent' },
  { method: 'DELETE', path: 'groups/3/users/7', options: {}, kind: 'idempotent' },
  {
    method: 'PATCH',
    path: 'users/7',
    options: { body: { is_disabled: true }, kind: 'idempotent' },
    kind: 'idempotent',
  },
  { method: 'POST', path: 'groups/3/users', options: { body: { user_id: '7' } }, kind: 'once' },
  { method: 'PATCH', path: 'scheduled_plans/9', options: { body: { enabled: false } }, kind: 'once' },
];

const POLICY: Readonly<Record<Outcome, Readonly<Record<Kind, Verdict>>>> = {
  '429': { read: 'retried', idempotent: 'retried', once: 'not retried' },
  '500': { read: 'not retried', idempotent: 'not retried', once: 'not retried' },
  '502': { read: 'retried', idempotent: 'retried', once: 'not retried' },
  '503': { read: 'retried', idempotent: 'retried', once: 'not retried' },
  '504': { read: 'retried', idempotent: 'retried', once: 'not retried' },
  '401': {
    read: 'sent again after a refresh',
    idempotent: 'sent again after a refresh',
    once: 'sent again after a refresh',
  },
  '404': { read: 'not retried', idempotent: 'not retried', once: 'not retried' },
  'ECONNRESET after send': { read: 'retried', idempotent: 'retried', once: 'not retried' },
  'ECONNREFUSED before send': { read: 'retried', idempotent: 'retried', once: 'retried' },
  timeout: { read: 'retried', idempotent: 'retried', once: 'not retried' },
};

/** The first answer of each outcome; every later request is answered 200 (or 204 for a DELETE). */
function firstReply(outcome: Outcome): Reply {
  if (outcome === 'ECONNRESET after send') return { drop: true };
  if (outcome === 'timeout') return { hang: true };
  return { status: Number(outcome), json: { message: `status ${outcome}` } };
}

const success = (method: HttpMethod): Reply =>
  method === 'DELETE' ? { status: 204 } : { status: 200, json: { id: '7' } };

function clientOn(url: string) {
  const account: AccountConfig = {
    name: 'table',
    url,
    clientId: 'unused',
    secret: { kind: 'literal', value: '' },
    verifyTls: true,
    timeoutMs: 150,
    allowInsecureHttp: false,
  };
  const waits: number[] = [];
  const auth = authenticatorDouble();
  const client = createLookerClient({
    account,
    authenticator: auth,
    env: {},
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, waits, auth };
}

const ROWS = REQUESTS.flatMap((request) =>
  (Object.keys(POLICY) as Outcome[]).map(
    (outcome) => [request.method, request.kind, outcome, POLICY[outcome][request.kind], request] as const,
  ),
);

describe('retry policy: request kind x answer', () => {
  it.each(ROWS)('%s (%s), %s: %s', async (method, _kind, outcome, verdict, request) => {
    if (outcome === 'ECONNREFUSED before send') {
      // A port nobody listens on: every attempt is refused before anything is sent, so every kind retries.
      const closed = await startScriptedServer(() => success(method));
      await closed.close();
      const { client, waits } = clientOn(closed.url);
      const error = await rejection(client.exchangeJson(method, request.path, request.options));
      expect(error).toBeInstanceOf(LookerApiError);
      expect(error.message).toMatch(/connection refused .*\(after 3 retries\)$/);
      expect(waits).toEqual([500, 1000, 2000]);
      expect(client.calls).toBe(4);
      return;
    }
    const server = await startScriptedServer((_request, n) => (n === 0 ? firstReply(outcome) : success(method)));
    servers.push(server);
    const { client, waits, auth } = clientOn(server.url);
    const sent = client.exchangeJson(method, request.path, request.options);
    if (verdict === 'not retried') {
      const error = await rejection(sent);
      expect(error).toBeInstanceOf(LookerApiError);
      expect(server.received).toHaveLength(1);
      expect(client.calls).toBe(1);
      expect(waits).toEqual([]);
      // A retryable answer left unretried says why, so the message never suggests a retry was forgotten.
      const retryable = !['500', '404'].includes(outcome);
      expect(error.message.includes('not retried: it may have reached Looker')).toBe(retryable);
      return;
    }
    const { body } = await sent;
    expect(body).toEqual(method === 'DELETE' ? undefined : { id: '7' });
    expect(server.received).toHaveLength(2);
    expect(client.calls).toBe(2);
    expect(server.received.map((r) => r.method)).toEqual([method, method]);
    if (verdict === 'retried') {
      expect(waits).toEqual([500]);
      expect(auth.events).toEqual(['login tok-1']);
    } else {
      expect(waits).toEqual([]);
      expect(auth.events).toEqual(['login tok-1', 'refresh tok-1 -> tok-2']);
      expect(server.received.map((r) => r.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    }
  });
});

describe('retry policy: the other statuses of the table', () => {
  it('a POST answered 503 says it was not retried, and why', async () => {
    const server = await startScriptedServer(() => ({ status: 503 }));
    servers.push(server);
    const { client } = clientOn(server.url);
    const error = await rejection(client.postJson('queries/run/json', { model: 'system__activity' }));
    expect(error.message).toBe(
      'POST /api/4.0/queries/run/json -> 503, Looker unavailable (503 from Looker or a proxy in front of it) ' +
        '(not retried: it may have reached Looker, and a second copy could act twice)',
    );
  });

  it('an idempotent write honours Retry-After as a read does, within the same cap', async () => {
    const server = await startScriptedServer((_request, n) =>
      n === 0
        ? { status: 429, headers: { 'retry-after': '7' } }
        : n === 1
          ? { status: 503, headers: { 'retry-after': '61' } }
          : { status: 200, json: [] },
    );
    servers.push(server);
    const { client, waits } = clientOn(server.url);
    const error = await rejection(client.exchangeJson('PUT', 'users/7/roles', { body: [] }));
    expect(waits).toEqual([7000]);
    expect(error.message).toMatch(/-> 503, .*\(Retry-After 61 s is over the 60 s cap: not retried\)$/);
    expect(server.received).toHaveLength(2);
  });

  it('a read keeps retrying 503 up to the limit: 4 requests, all counted', async () => {
    const server = await startScriptedServer(() => ({ status: 503 }));
    servers.push(server);
    const { client, waits } = clientOn(server.url);
    const error = await rejection(client.getJson('users'));
    expect(error.message).toMatch(/\(after 3 retries\)$/);
    expect(server.received).toHaveLength(4);
    expect(client.calls).toBe(4);
    expect(waits).toEqual([500, 1000, 2000]);
  });
});
