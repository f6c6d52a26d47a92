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
