import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import { call, login, type Row } from './client.js';

let fake: FakeLooker;
let token: string;

beforeAll(async () => {
  fake = await startFakeLooker();
  token = await login(fake);
});
afterEach(() => fake.clearFaults());
afterAll(() => fake.close());

const users = (query: Record<string, string | number> = {}) => call<Row[]>(fake, 'GET', '/users', { token, query });

describe('status faults', () => {
  it("429 with Retry-After and Looker's Error body, once by default, then normal service", async () => {
    fake.inject({ path: '/api/4.0/users' }, { kind: 'status', status: 429, retryAfter: '2' });
    const limited = await users();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.body).toEqual({
      message: 'Too Many Requests',
      documentation_url: 'https://cloud.google.com/looker/docs/',
    });
    expect((await users()).status).toBe(200);
  });

  it.each([500, 502, 503, 504])('%i with a custom body and content type', async (status) => {
    fake.inject(
      { method: 'GET', path: /\/users$/ },
      { kind: 'status', status, body: 'upstream sad', contentType: 'text/plain' },
    );
    const reply = await users();
    expect(reply.status).toBe(status);
    expect(reply.text).toBe('upstream sad');
    expect(fake.requests.at(-1)?.status).toBe(status);
  });

  it('times and skip: pass the first match, fail the next two, then recover', async () => {
    fake.inject({ path: '/api/4.0/users', skip: 1, times: 2 }, { kind: 'status', status: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await users()).status);
    expect(statuses).toEqual([200, 503, 503, 200]);
  });

  it('matches on method and path only: other requests are untouched', async () => {
    fake.inject({ method: 'POST', path: '/api/4.0/users' }, { kind: 'status', status: 500 });
    fake.inject({ path: '/api/4.0/roles' }, { kind: 'status', status: 500 });
    expect((await users()).status).toBe(200);
    expect((await call(fake, 'GET', '/groups', { token })).status).toBe(200);
  });

  it('a global RegExp keeps matching (its lastIndex is reset)', async () => {
    fake.inject({ path: /users/g, times: 2 }, { kind: 'status', status: 502 });
    expect([(await users()).status, (await users()).status]).toEqual([502, 502]);
  });

  it('clearFaults disarms everything', async () => {
    fake.inject({ times: 5 }, { kind: 'status', status: 500 });
    fake.clearFaults();
    expect((await users()).status).toBe(200);
  });

  it('can fail the login itself', async () => {
    fake.inject({ method: 'POST', path: '/api/4.0/login' }, { kind: 'status', status: 503 });
    await expect(login(fake)).rejects.toThrow('503');
    await expect(login(fake)).resolves.toMatch(/^[0-9a-f]+$/);
  });
});

describe('broken responses', () => {
  it('latency delays the response by about the given time', async () => {
    fake.inject({ path: '/api/4.0/user' }, { kind: 'latency', ms: 150 });
    const started = performance.now();
    const reply = await call(fake, 'GET', '/user', { token });
    expect(reply.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('latency combines with a status fault (slow, then 503)', async () => {
    fake.inject({ path: '/api/4.0/user' }, { kind: 'latency', ms: 20 });
    fake.inject({ path: '/api/4.0/user' }, { kind: 'status', status: 503 });
    expect((await call(fake, 'GET', '/user', { token })).status).toBe(503);
  });

  it('drop sends headers and part of the body, then resets the connection', async () => {
    fake.inject({ path: '/api/4.0/users' }, { kind: 'drop' });
    const outcome = await new Promise<{ status?: number; received: string; error?: string }>((resolve) => {
      let received = '';
      let status: number | undefined;
      const req = request(`${fake.url}/api/4.0/users`, { headers: { authorization: `token ${token}` } }, (res) => {
        status = res.statusCode;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (received += chunk));
        res.on('error', (error) => resolve({ status, received, error: error.message }));
        res.on('end', () => resolve({ status, received }));
      });
      req.on('error', (error) => resolve({ status, received, error: error.message }));
      req.end();
    });
    expect(outcome.status).toBe(200);
    expect(outcome.received.length).toBeGreaterThan(0);
    expect(outcome.error).toMatch(/aborted|reset|socket hang up/i);
    expect(fake.requests.at(-1)?.status).toBe(-1);
    await expect(
      fetch(`${fake.url}/api/4.0/user`, { headers: { authorization: `token ${token}` } }).then((r) => r.status),
    ).resolves.toBe(200);
  });

  it('malformed-json is a 200 application/json body that does not parse', async () => {
    fake.inject({ path: '/api/4.0/users' }, { kind: 'malformed-json' });
    const res = await fetch(`${fake.url}/api/4.0/users`, { headers: { authorization: `token ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('html-200 is a 200 text/html error page', async () => {
    fake.inject({ path: '/api/4.0/users' }, { kind: 'html-200' });
    const reply = await users();
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toMatch(/^<!DOCTYPE html>/);
  });
});

describe('session and data faults', () => {
  it("expire-token: 401 with Looker's body, and the token stays dead", async () => {
    const own = await login(fake);
    const sessions = fake.liveSessions();
    fake.inject({ path: '/api/4.0/users' }, { kind: 'expire-token' });
    const reply = await call(fake, 'GET', '/users', { token: own });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      message: 'Requires authentication.',
      documentation_url: 'https://cloud.google.com/looker/docs/',
    });
    expect(fake.liveSessions()).toBe(sessions - 1);
    expect((await call(fake, 'GET', '/user', { token: own })).status).toBe(401);
    // A fresh login works again.
    expect((await call(fake, 'GET', '/users', { token: await login(fake) })).status).toBe(200);
  });

  it('shift-rows remove: rows move to earlier pages, so a reader at the next offset misses one', async () => {
    const shifted = await startFakeLooker();
    try {
      const t = await login(shifted);
      const page = (offset: number) =>
        call<Row[]>(shifted, 'GET', '/users', { token: t, query: { limit: 5, offset, fields: 'id' } }).then((r) =>
          r.body.map((u) => u.id),
        );
      expect(await page(0)).toEqual(['1', '2', '3', '4', '5']);
      shifted.inject({ path: '/api/4.0/users' }, { kind: 'shift-rows', remove: 1 });
      expect(await page(5)).toEqual(['7', '8', '9', '10', '11']);
      expect(shifted.org.users.some((u) => u.id === '1')).toBe(false);
    } finally {
      await shifted.close();
    }
  });

  it('shift-rows insert: new users take ids below the lowest, so a reader at the next offset sees one again', async () => {
    const shifted = await startFakeLooker();
    try {
      const t = await login(shifted);
      shifted.org.users.splice(0, 2); // ids now start at 3
      const page = (offset: number) =>
        call<Row[]>(shifted, 'GET', '/users', { token: t, query: { limit: 5, offset, fields: 'id' } }).then((r) =>
          r.body.map((u) => u.id),
        );
      expect(await page(0)).toEqual(['3', '4', '5', '6', '7']);
      shifted.inject({ path: '/api/4.0/users' }, { kind: 'shift-rows', insert: 1 });
      expect(await page(5)).toEqual(['7', '8', '9', '10', '11']);
      expect(shifted.org.users[0]?.id).toBe('2');
    } finally {
      await shifted.close();
    }
  });

  it('shift-rows insert with no room below id 1 appends after the highest id', async () => {
    const shifted = await startFakeLooker();
    try {
      const highest = Math.max(...shifted.org.users.map((u) => Number(u.id)));
      shifted.inject({}, { kind: 'shift-rows', insert: 2 });
      await call(shifted, 'GET', '/users', { token: await login(shifted) });
      expect(shifted.org.users.slice(-2).map((u) => u.id)).toEqual([String(highest + 1), String(highest + 2)]);
    } finally {
      await shifted.close();
    }
  });
});

describe('close', () => {
  it('does not wait for an injected latency to run out', async () => {
    const slow = await startFakeLooker();
    const t = await login(slow);
    slow.inject({}, { kind: 'latency', ms: 60_000 });
    const pending = fetch(`${slow.url}/api/4.0/user`, { headers: { authorization: `token ${t}` } }).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the request is in the server before closing.
    for (let i = 0; i < 5_000 && slow.requests.length < 2; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(slow.requests).toHaveLength(2);
    // close() must not wait out the 60 s latency: if it did, jest's 30 s test timeout would fail this test.
    await slow.close();
    expect(await pending).toBe('failed');
  });
});
