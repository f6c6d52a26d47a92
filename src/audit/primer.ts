/**
 * Audit work done while an account's pages are still arriving. Once its roles and groups are in, each page of
 * users is run through the access resolver as it lands, during the wait for the next pages; the final
 * auditAccount then finds most combinations already computed. Priming only fills a cache: a page read twice
 * (paginate.ts re-reads a list that moved) costs nothing more and changes nothing, and should priming ever throw,
 * it stops and leaves the whole work to auditAccount rather than fail the fetch that called it.
 */
import type { LookerUser } from '../looker/types.js';
import { createAccessResolver, type AccessLists, type AccessResolver } from './grants.js';
import type { RuleSet } from './rules.js';

export interface AccountPrimer {
  /** The account's final roles and groups: from now on users are resolved as they come. */
  lists(lists: AccessLists): void;
  /** A page of users; kept until the lists are known. */
  users(page: readonly LookerUser[]): void;
  /** For auditAccount, once the lists are known. */
  readonly resolver: AccessResolver | undefined;
}

export function createAccountPrimer(rules: RuleSet): AccountPrimer {
  let resolver: AccessResolver | undefined;
  let waiting: (readonly LookerUser[])[] = [];
  let stopped = false;
  const guarded = (work: () => void) => {
    if (stopped) return;
    try {
      work();
    } catch {
      stopped = true;
      resolver = undefined;
      waiting = [];
    }
  };
  const prime = (page: readonly LookerUser[]) => {
    for (const user of page) resolver?.accessOf(user);
  };
  return {
    lists(lists) {
      guarded(() => {
        resolver = createAccessResolver(lists, rules);
        for (const page of waiting) prime(page);
        waiting = [];
      });
    },
    users(page) {
      guarded(() => {
        if (resolver === undefined) waiting.push(page);
        else prime(page);
      });
    },
    get resolver() {
      return resolver;
    },
  };
}
