/**
 * The run's stop signal (Ctrl-C, SIGTERM) as one account's client sees it: what must end when the run is stopped
 * (a request in flight, a retry wait) registers here, and a stopped client sends nothing more but its logout.
 *
 * The signal has one listener while anything is registered and none after, so neither a `concurrency` over 10 nor
 * a run of many accounts sharing the signal passes Node's 10-listener warning (MaxListenersExceededWarning).
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface Stopper {
  /** The run was stopped: no request may be sent but the logout. */
  readonly stopped: boolean;
  /** Registers what must end when the run is stopped; returns the function that forgets it. */
  until(stop: () => void): () => void;
  /** Waits `ms`, or less when the run is stopped meanwhile (the caller then sees `stopped` and sends nothing). */
  sleep(ms: number): Promise<void>;
}

export function createStopper(
  signal: AbortSignal | undefined,
  /** Injected by tests, so they control time; the stop still ends it early. */
  injectedSleep?: (ms: number) => Promise<void>,
): Stopper {
  const registered = new Set<() => void>();
  const stopAll = () => {
    for (const stop of [...registered]) stop();
  };
  const until = (stop: () => void): (() => void) => {
    if (signal === undefined) return () => {};
    if (registered.size === 0) signal.addEventListener('abort', stopAll, { once: true });
    registered.add(stop);
    return () => {
      registered.delete(stop);
      if (registered.size === 0) signal.removeEventListener('abort', stopAll);
    };
  };
  const sleep = (ms: number): Promise<void> => {
    if (injectedSleep === undefined) return delay(ms, undefined, { signal }).catch(() => undefined);
    if (signal === undefined) return injectedSleep(ms);
    return new Promise<void>((resolve) => {
      const release = until(resolve);
      void injectedSleep(ms).then(() => {
        release();
        resolve();
      });
    });
  };
  return {
    get stopped() {
      return signal?.aborted === true;
    },
    until,
    sleep,
  };
}
