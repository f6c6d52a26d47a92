/**
 * An account's `concurrency` bounds the requests in flight at its instance, from the config
 * through fetchAccounts to the client. Measured at the fake Looker (what the instance sees), from the arrival and
 * response times it records per request: counts, never durations.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { fetchAccounts } from '../../src/commands/shared/fetch-accounts.js';
import { validateConfig } from '../../src/config/validate.js';
import {
  SAMPLE_CREDENTIALS,
  startFakeLooker,
  type FakeLooker,
  type RecordedRequest,
} from '../../src/fake-looker/index.js';
import { DEFAULT_CONCURRENCY } from '../../src/looker/client.js';
import { org, USERS } from './harness.js';

const started: FakeLooker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

/** The most requests the server was handling at one moment. A response sent frees its slot before a new arrival. */
function maxOverlap(requests: readonly RecordedRequest[]): number {
  const events = requests.flatMap((r) => {
    if (r.sentAt === undefined) throw new Error(`${r.method} ${r.path} was never answered`);
    return [
      { at: r.receivedAt, step: 1 },
      { at: r.sentAt, step: -1 },
    ];
  });
  events.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let max = 0;
  for (const { step } of events) max = Math.max(max, (now += step));
  return max;
}

/** 125 users, 10 a page: 13 pages, the 12 after the first slow, so requests that may overlap do. */
async function auditWith(accountKeys: Record<string, unknown>, signal?: AbortSignal) {
  const fake = await startFakeLooker({ org: org(125, 0) });
  started.push(fake);
  fake.inject({ path: USERS, skip: 1, times: 12 }, { kind: 'latency', ms: 50 });
  const config = validateConfig(
    {
      accounts: [
        {
          name: 'acme',
          url: fake.url,
          client_id: SAMPLE_CREDENTIALS.clientId,
          client_secret: SAMPLE_CREDENTIALS.clientSecret,
          ...accountKeys,
        },
      ],
    },
    { file: '(test)', env: {} },
  );
  const [outcome] = await fetchAccounts(config.accounts, {
    env: {},
    log: () => {},
    pageSize: 10,
    ...(signal === undefined ? {} : { signal }),
  });
  if (!outcome?.ok) throw new Error(outcome?.error ?? 'no outcome');
  expect(outcome.value.users).toHaveLength(125);
  expect(fake.requests.filter((r) => r.path === USERS)).toHaveLength(13);
  return fake;
}

describe('concurrency per account, as the instance sees it', () => {
  it.each([1, 2, 5])('concurrency: %p never has more requests in flight, and reaches it', async (concurrency) => {
    const fake = await auditWith({ concurrency });
    expect(maxOverlap(fake.requests)).toBe(concurrency);
    expect(fake.liveSessions()).toBe(0);
  });

  it('without the key: the default, 8', async () => {
    expect(DEFAULT_CONCURRENCY).toBe(8);
    const fake = await auditWith({});
    expect(maxOverlap(fake.requests)).toBe(8);
  });

  it('concurrency over 10 with a stop signal: never more than one listener on it (Node warns past 10)', async () => {
    const stop = new AbortController();
    const { signal } = stop;
    let live = 0;
    let most = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<AbortSignal['addEventListener']>) => {
      most = Math.max(most, ++live);
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<AbortSignal['removeEventListener']>) => {
      live--;
      remove(...args);
    };
    const fake = await auditWith({ concurrency: 12 }, signal);
    expect(maxOverlap(fake.requests)).toBe(12);
    expect(most).toBe(1);
    expect(live).toBe(0);
  });
});
