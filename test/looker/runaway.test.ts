/**
 * Runaway paging: a server (or a caching proxy) that never sends a short page must fail the fetch loudly,
 * within a few requests, instead of spending the account's call budget. A bespoke 127.0.0.1 server plays it:
 * the fake Looker pages correctly.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { createLookerClient } from '../../src/looker/client.js';
import { fetchAllPages } from '../../src/looker/paginate.js';
import { rejection } from './harness.js';

interface Misbehaving {
  readonly url: string;
  readonly offsets: number[];
  close(): Promise<void>;
}

const servers: Misbehaving[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Logs anyone in; every /users page is full. `page(offset, limit)` picks the ids; `total(offset, limit)` the X-Total-Count. */
async function misbehaving(
  page: (offset: number, limit: number) => number[],
  total?: (offset: number, limit: number) => number,
): Promise<Misbehaving> {
  const offsets: number[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    req.resume();
    if (url.pathname === '/api/4.0/login') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: 'runaway-token', expires_in: 3600 }));
      return;
    }
    const offset = Number(url.searchParams.get('offset'));
    const limit = Number(url.searchParams.get('limit'));
    offsets.push(offset);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (total !== undefined) headers['x-total-count'] = String(total(offset, limit));
    res.writeHead(200, headers).end(JSON.stringify(page(offset, limit).map((id) => ({ id: String(id) }))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: Misbehaving = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    offsets,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  servers.push(fake);
  return fake;
}

function clientFor(url: string) {
  return createLookerClient({
    account: {
      name: 'runaway',
      url,
      clientId: 'id',
      secret: { kind: 'literal', value: 's' },
      verifyTls: true,
      timeoutMs: 5000,
      allowInsecureHttp: false,
    },
    resolveSecret: async () => 's',
    pageSize: 10,
    sleep: async () => {},
  });
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('runaway paging', () => {
  it('a server ignoring offset (the same full page every time, no total) fails at the second page', async () => {
    const server = await misbehaving((_offset, limit) => range(1, limit));
    const error = await rejection(fetchAllPages(clientFor(server.url), 'users'));
    expect(error.message).toMatch(
      /GET \/api\/4\.0\/users: offset 10 returned only rows already read, stopping \(runaway paging\)/,
    );
    expect(server.offsets).toEqual([0, 10]);
  });

  it('a total that grows with every page stops at the cap derived from the first total', async () => {
    // Each answer claims one more page than asked for. First total 20 = 2 pages; room for rows added while
    // reading: 2 + 1 + 1 = 4 pages; the 5th is never requested.
    const server = await misbehaving(
      (offset, limit) => range(offset + 1, limit),
      (offset, limit) => offset + 2 * limit,
    );
    const error = await rejection(fetchAllPages(clientFor(server.url), 'users'));
    expect(error.message).toContain('GET /api/4.0/users: more than 4 pages of 10 for X-Total-Count 20');
    expect(error.message).toContain('runaway paging');
    expect([...server.offsets].sort((a, b) => a - b)).toEqual([0, 10, 20, 30]);
  });
});
