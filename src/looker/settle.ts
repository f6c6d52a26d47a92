/**
 * Promise.all that waits for every promise before it rejects (unlike Promise.allSettled, it does reject: with the
 * first rejection, in order). A session is logged out once the fetch fails; with plain Promise.all the first
 * rejection would reach that logout while sibling requests are still in flight, and one of them answered 401
 * would log in again: a session nobody closes.
 */
export async function allSettledThenThrow<T extends readonly unknown[] | []>(promises: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<{ -readonly [K in keyof T]: T[K] }> {
  const results = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: T[K];
  };
}

/**
 * A promise's outcome as a value, for a promise that must be awaited later (a page requested ahead, the lists
 * read beside the users) without an unhandled rejection in the meantime; unwrap() throws its error where it is used.
 */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error }),
  );
}

export function unwrap<T>(settled: Settled<T>): T {
  if (!settled.ok) throw settled.error;
  return settled.value;
}
