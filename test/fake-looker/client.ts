/** A tiny fetch-based caller for the fake's tests: raw status, headers and parsed body, nothing clever. */
import { afterEach } from '@jest/globals';
import {
  SAMPLE_ACTIVITY_DATE,
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
  type FakeLookerOptions,
} from '../../src/fake-looker/index.js';

export interface Reply<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: T;
}

export interface CallOptions {
  readonly token?: string;
  /** 'token' (the spec's scheme, default) or 'Bearer' (the TS SDK's). */
  readonly scheme?: 'token' | 'Bearer';
  readonly query?: Record<string, string | number>;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
}

export async function call<T = unknown>(
  fake: FakeLooker,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const url = new URL(`${fake.url}/api/4.0${path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `${options.scheme ?? 'token'} ${options.token}`;
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  const parsed =
    res.headers.get('content-type')?.includes('json') && text !== '' ? (JSON.parse(text) as unknown) : text;
  return { status: res.status, headers: res.headers, text, body: parsed as T };
}

export async function login(fake: FakeLooker, credentials = SAMPLE_CREDENTIALS): Promise<string> {
  const reply = await call<{ access_token: string }>(fake, 'POST', '/login', {
    form: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
  });
  if (reply.status !== 200) throw new Error(`login failed: ${reply.status}`);
  return reply.body.access_token;
}

export type Row = Record<string, unknown>;

/**
 * A starter of fakes on the sample's System Activity date, each logged in and closed after its test: call at the
 * top of a test file (it registers the afterEach).
 */
export function fakesOnTheSampleDate(): (options?: FakeLookerOptions) => Promise<{ f: FakeLooker; token: string }> {
  const started: FakeLooker[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((f) => f.close()));
  });
  return async (options = {}) => {
    const f = await startFakeLooker({ now: () => Date.parse(`${SAMPLE_ACTIVITY_DATE}T08:00:00Z`), ...options });
    started.push(f);
    return { f, token: await login(f) };
  };
}
