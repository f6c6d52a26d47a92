/**
 * Shared set-up for the looker/ client tests: a fake Looker on 127.0.0.1, an AccountConfig pointing at it,
 * a client whose `sleep` records waits instead of waiting, whose `log` lines are kept, and a got instance
 * instrumented to measure requests in flight and to learn every access token issued (to prove none leaks).
 */
import got, { type Got } from 'got';
import type { Api3AccountConfig as AccountConfig } from '../../src/config/types.js';
import {
  generateOrganisation,
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
  type FakeLookerOptions,
  type Organisation,
} from '../../src/fake-looker/index.js';
import { createLookerClient, type LookerClient, type LookerClientOptions } from '../../src/looker/client.js';

export const USERS = '/api/4.0/users';
export const GROUPS = '/api/4.0/groups/search/with_hierarchy';
export const ROLES = '/api/4.0/roles';
export const LOGIN = '/api/4.0/login';
export const LOGOUT = '/api/4.0/logout';

export function org(users: number, groups: number, seed = 7): Organisation {
  return generateOrganisation({ seed, users, groups });
}

export function accountFor(fake: FakeLooker, overrides: Partial<AccountConfig> = {}): AccountConfig {
  return {
    name: 'acme-prod',
    url: fake.url,
    clientId: SAMPLE_CREDENTIALS.clientId,
    secret: { kind: 'literal', value: SAMPLE_CREDENTIALS.clientSecret },
    verifyTls: true,
    timeoutMs: 5000,
    allowInsecureHttp: false,
    ...overrides,
  };
}

/** got with hooks: requests in flight (current and maximum), and the access tokens seen in login responses. */
export interface Instrumented {
  readonly got: Got;
  readonly tokens: string[];
  maxInFlight: number;
  inFlight: number;
  /** Resolves once no request is in flight (so a test can count what reached the server after a rejection). */
  idle(): Promise<void>;
}

export function instrumentedGot(): Instrumented {
  const waiters: Array<() => void> = [];
  const state: Instrumented = {
    got: got,
    tokens: [],
    maxInFlight: 0,
    inFlight: 0,
    idle: () => (state.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
  const done = () => {
    state.inFlight--;
    if (state.inFlight === 0) waiters.splice(0).forEach((resolve) => resolve());
  };
  (state as { got: Got }).got = got.extend({
    hooks: {
      beforeRequest: [
        () => {
          state.inFlight++;
          state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
        },
      ],
      afterResponse: [
        (response) => {
          // The client reads raw bodies (responseType buffer, its own bounded decompression).
          const body = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body;
          if (response.url.endsWith('/login') && typeof body === 'string') {
            try {
              const token = (JSON.parse(body) as { access_token?: unknown }).access_token;
              if (typeof token === 'string') state.tokens.push(token);
            } catch {
              // not a token response
            }
          }
          done();
          return response;
        },
      ],
      beforeError: [
        (error) => {
          done();
          return error;
        },
      ],
    },
  });
  return state;
}

export interface Harness {
  readonly fake: FakeLooker;
  readonly client: LookerClient;
  readonly account: AccountConfig;
  readonly waits: number[];
  readonly logs: string[];
  readonly http: Instrumented;
}

export interface HarnessOptions {
  readonly fake?: FakeLookerOptions;
  readonly client?: Partial<Omit<LookerClientOptions, 'account' | 'got'>>;
  readonly account?: Partial<AccountConfig>;
}

const started: FakeLooker[] = [];

/** Starts a fake and a client on it; closeAll() in afterEach stops every fake started. */
export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeLooker(options.fake ?? { org: org(25, 3) });
  started.push(fake);
  const account = accountFor(fake, options.account);
  const waits: number[] = [];
  const logs: string[] = [];
  const http = instrumentedGot();
  const secret = account.secret.kind === 'literal' ? account.secret.value : '';
  const client = createLookerClient({
    account,
    resolveSecret: async () => secret,
    got: http.got,
    sleep: async (ms) => {
      waits.push(ms);
    },
    log: (line) => logs.push(line),
    ...options.client,
  });
  return { fake, client, account, waits, logs, http };
}

export async function closeAll(): Promise<void> {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
}

export const countOf = (fake: FakeLooker, path: string, method?: string) =>
  fake.requests.filter((r) => r.path === path && (method === undefined || r.method === method)).length;

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected a rejection, but the promise resolved');
}
