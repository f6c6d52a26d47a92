import { describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { LOGIN_WAIT_MS, listenForRedirect } from '../../src/oauth/loopback.js';
import { OAuthLoginError } from '../../src/oauth/redirect.js';
import { expectPortFree, freePort } from '../helpers/oauth-login.js';

const STATE = 'the-state-of-this-login';
const CODE = 'the-authorization-code';

/** A GET without keep-alive: status, headers and body, or the connection error's code. */
function get(url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function failureOf(promise: Promise<unknown>): Promise<OAuthLoginError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OAuthLoginError);
    return error as OAuthLoginError;
  }
  throw new Error('expected the login to fail');
}

async function setUp(path = '/callback', host = '127.0.0.1') {
  const port = await freePort();
  const redirectUri = `http://${host}:${port}${path}`;
  const listener = await listenForRedirect({ redirectUri, state: STATE });
  return { port, redirectUri, listener, base: `http://127.0.0.1:${port}${path}` };
}

describe('the loopback listener', () => {
  it('takes the one redirect: answers a fixed page, yields the code, and leaves the port free', async () => {
    const { port, listener, base } = await setUp();
    expect(listener.addresses).toEqual([`127.0.0.1:${port}`]);
    const page = await get(`${base}?code=${CODE}&state=${STATE}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Logged in');
    expect(page.body).not.toContain(CODE);
    expect(page.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
    await expect(listener.result).resolves.toEqual({ code: CODE });
    await expectPortFree(port);
    await expect(get(`${base}?code=${CODE}&state=${STATE}`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('answers other paths and methods 404 without ending the wait', async () => {
    const { listener, base, port } = await setUp('/cb/here');
    expect((await get(`http://127.0.0.1:${port}/favicon.ico`)).status).toBe(404);
    expect((await get(`${base}?code=${CODE}&state=${STATE}`, 'POST')).status).toBe(404);
    expect((await get(`${base}/?code=${CODE}&state=${STATE}`)).status).toBe(404);
    expect((await get(`${base}?code=${CODE}&state=${STATE}`)).status).toBe(200);
    await expect(listener.result).resolves.toEqual({ code: CODE });
  });

  it('ends on a wrong state: the browser is told, the code is not used, the port is freed', async () => {
    const { listener, base, port } = await setUp();
    const page = await get(`${base}?code=${CODE}&state=forged`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('does not belong to the login in progress');
    const failure = await failureOf(listener.result);
    expect(failure.failure).toBe('wrong-state');
    expect(failure.message).not.toContain(CODE);
    await expectPortFree(port);
  });

  it("ends on Looker's error= answer, reflecting nothing of it in the page and only a safe line in the message", async () => {
    const { listener, base } = await setUp();
    const description = '<script>alert(1)</script>\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\nnext line';
    const query = new URLSearchParams({ error: 'access_denied', error_description: description, state: STATE });
    const page = await get(`${base}?${query}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('Login refused');
    expect(page.body).not.toMatch(/alert|evil|access_denied/);
    const failure = await failureOf(listener.result);
    expect(failure.failure).toBe('refused');
    expect(failure.message).toMatch(/^Looker refused the login \(access_denied: /);
    expect(failure.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(failure.message).not.toContain('evil.example');
  });

  it('handles a second request cleanly: the first one decides, no second page says "Logged in"', async () => {
    const { listener, base } = await setUp();
    const answers = await Promise.allSettled([
      get(`${base}?code=${CODE}&state=${STATE}`),
      get(`${base}?code=second-code&state=${STATE}`),
    ]);
    const statuses = answers.map((a) => (a.status === 'fulfilled' ? a.value.status : 'refused'));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const s of statuses) expect([200, 409, 'refused']).toContain(s);
    const { code } = await listener.result;
    expect([CODE, 'second-code']).toContain(code);
    expect(statuses[0] === 200 ? CODE : 'second-code').toBe(code);
  });

  it('gives up after 5 minutes by the injected timer, and frees the port', async () => {
    const port = await freePort();
    const waits: number[] = [];
    let fire: () => void = () => undefined;
    const listener = await listenForRedirect({
      redirectUri: `http://127.0.0.1:${port}/callback`,
      state: STATE,
      wait: (ms) => {
        waits.push(ms);
        return new Promise<void>((resolve) => (fire = resolve));
      },
    });
    expect(waits).toEqual([LOGIN_WAIT_MS]);
    expect(LOGIN_WAIT_MS).toBe(300_000);
    fire();
    const failure = await failureOf(listener.result);
    expect(failure.failure).toBe('timeout');
    expect(failure.message).toContain('within 5 minutes');
    await expectPortFree(port);
  });

  it('stops on the signal (Ctrl-C): no listener left', async () => {
    const port = await freePort();
    const stop = new AbortController();
    const listener = await listenForRedirect({
      redirectUri: `http://127.0.0.1:${port}/callback`,
      state: STATE,
      signal: stop.signal,
    });
    stop.abort('SIGINT');
    expect((await failureOf(listener.result)).failure).toBe('stopped');
    await expectPortFree(port);
  });

  it('stops at once on a signal that already fired, and on close()', async () => {
    const port = await freePort();
    const stop = new AbortController();
    stop.abort('SIGINT');
    const stopped = await listenForRedirect({
      redirectUri: `http://127.0.0.1:${port}/callback`,
      state: STATE,
      signal: stop.signal,
    });
    expect((await failureOf(stopped.result)).failure).toBe('stopped');
    await expectPortFree(port);

    const { listener, port: other } = await setUp();
    await listener.close();
    expect((await failureOf(listener.result)).failure).toBe('stopped');
    await expectPortFree(other);
  });

  it('fails clearly when the port is taken, and listens on nothing', async () => {
    const port = await freePort();
    const taken = createServer();
    taken.listen(port, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const failure = await failureOf(
        listenForRedirect({ redirectUri: `http://127.0.0.1:${port}/callback`, state: STATE }),
      );
      expect(failure.failure).toBe('listen');
      expect(failure.message).toBe(
        `cannot listen on 127.0.0.1:${port} for the login's redirect: another program is using that port; ` +
          'stop it, or register another redirect_uri and set it in the config',
      );
    } finally {
      taken.close();
      await once(taken, 'close');
    }
  });

  it('listens for localhost on 127.0.0.1 (and ::1 where the machine has it)', async () => {
    const { listener, base, port } = await setUp('/callback', 'localhost');
    expect(listener.addresses).toContain(`127.0.0.1:${port}`);
    for (const address of listener.addresses) expect([`127.0.0.1:${port}`, `[::1]:${port}`]).toContain(address);
    expect((await get(`${base}?code=${CODE}&state=${STATE}`)).status).toBe(200);
    await expect(listener.result).resolves.toEqual({ code: CODE });
  });

  it('refuses a redirect URI it cannot listen for (programming error: config validates them)', async () => {
    await expect(listenForRedirect({ redirectUri: 'https://127.0.0.1:7878/cb', state: STATE })).rejects.toThrow(
      TypeError,
    );
  });
});
