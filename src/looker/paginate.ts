/**
 * limit/offset paging over a Looker list endpoint as an async iterator of pages, sorted by id for stable offsets
 * (octokit's paginate-rest iterator is the model: pulling pages drives the requests).
 *
 * - Stop on a short page. Link/X-Total-Count are sent only by some endpoints and releases (sdk-codegen
 *   docs/paging.md, reference.md section 5), so they are an optimisation, never required.
 * - Requests run ahead of the consumer, in order: with an X-Total-Count on the first page, up to the client's
 *   concurrency of the pages it promises; without one, in a growing window (1, 2, 4, ... up to the concurrency,
 *   design.md section 10), so at most window - 1 requests are wasted past the first short page. While pages keep
 *   coming back full and the newest total says rows remain (rows added meanwhile), paging goes on. A list of
 *   exactly N * limit rows with a known total costs N requests, not N + 1 for a trailing empty page.
 * - A total that contradicts its pages (a short page before the total, a full page of ids already read) is
 *   distrusted at once: nothing more is requested on its word (the requests already in flight, at most
 *   concurrency - 1, are the only extra calls), the rows read are kept and a warning names the numbers.
 * - Rows can move between pages while we read (users created or deleted). Sorted by id, an insert below the
 *   current offset shifts rows right (one is read twice: de-duplicated by id) and a delete shifts them left (one
 *   is never read). The total tells: if the total changed during the pass, or fewer distinct rows were read than
 *   it says with no page contradicting it, the whole list is read once more, up to MAX_PASSES, and the last pass
 *   wins. Each page carries its pass, so a consumer drops what an earlier pass gave it. Without X-Total-Count a
 *   change cannot be seen; a run that needs certainty re-runs.
 * - Ids repeated across the pages of the final pass are de-duplicated (first seen wins) with a warning that
 *   gives the count, never silently.
 * - Page URLs are built from the configured base URL and offsets, never from a Link header's absolute URL
 *   (a proxy can advertise another host; got strips authorization across origins).
 * - No request is left in flight when iteration ends, by completion, failure or the consumer leaving early: the
 *   caller logs out next, and a request answered 401 after the logout would log in again (settle.ts).
 */
import type { JsonResponse, LookerClient } from './client.js';
import { LookerProtocolError } from './errors.js';
import { settle, unwrap, type Settled } from './settle.js';

/** Guard against runaway paging (a server that never returns a short page). 10,000 pages of 1,000 = 10 M rows. */
export const MAX_PAGES = 10_000;
const MAX_PASSES = 3;

export interface PageQuery {
  readonly fields?: string;
  readonly sorts?: string;
}

/** One page, narrowed. `index` is its position in the pass (offset = index * limit). */
export interface Page<U> {
  readonly pass: number;
  readonly index: number;
  readonly rows: readonly U[];
}

export interface PageStream<U> extends AsyncIterable<Page<U>> {
  /** The X-Total-Count of the latest pass's first page, once it has arrived (undefined when not sent). */
  readonly total: number | undefined;
  /** Said about the list once iteration has ended: duplicates dropped, a total not trusted, a list still moving. */
  readonly warnings: readonly string[];
}

function totalOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  const raw = headers['x-total-count'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return raw !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

// An empty id counts as none: narrowing turns a missing id into '' (looker/narrow.ts), and Looker ids are never empty.
export function idOf(row: unknown): string | undefined {
  const id = row !== null && typeof row === 'object' ? (row as { id?: unknown }).id : undefined;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}

interface PassEnd {
  /** Read the list again: it moved while this pass read it. */
  readonly again: boolean;
  readonly warnings: readonly string[];
}

/** The pages of `path`, each row passed through `narrow` as its page arrives. */
export function pages<T, U = T>(
  client: LookerClient,
  path: string,
  query: PageQuery = {},
  narrow: (row: T) => U = (row) => row as unknown as U,
): PageStream<U> {
  const limit = client.pageSize;
  const where = `GET /api/4.0/${path}`;
  let total: number | undefined;
  const warnings: string[] = [];

  async function* readPass(pass: number): AsyncGenerator<Page<U>, PassEnd> {
    const inFlight = new Map<number, Promise<Settled<JsonResponse<unknown>>>>();
    const launch = (index: number) => {
      const params = {
        ...(query.fields ? { fields: query.fields } : {}),
        sorts: query.sorts ?? 'id',
        limit,
        offset: index * limit,
      };
      inFlight.set(index, settle(client.getJson<unknown>(path, params)));
    };
    const seen = new Set<string>();
    let duplicates = 0;
    let firstTotal: number | undefined;
    let lastTotal: number | undefined;
    let cap = MAX_PAGES;
    let window = 1;
    let launched = 1;
    let distrust: string | undefined;

    // Pages checked and waiting for the consumer. The checks and the requests they launch run as each response
    // arrives, not when the consumer asks for the next page: a consumer that audits a page meanwhile would
    // otherwise delay every request of the next round by its own work (issue 15: about 15 ms a page, so the 8th
    // request of a round left 120 ms late). At most `concurrency` pages wait, so a slow consumer stops the requests.
    const ready: { readonly index: number; readonly rows: readonly U[] }[] = [];
    let checked = false;
    let failure: { readonly error: unknown } | undefined;
    let leaving = false;
    let wakeConsumer: (() => void) | undefined;
    let wakeChecker: (() => void) | undefined;

    const check = async (): Promise<void> => {
      launch(0);
      for (let index = 0; !leaving; index++) {
        const settled = (await inFlight.get(index)) as Settled<JsonResponse<unknown>>;
        inFlight.delete(index);
        if (leaving) return;
        const { body, headers } = unwrap(settled);
        if (!Array.isArray(body)) throw new LookerProtocolError(`${where}: expected a JSON array`);
        const offset = index * limit;
        const pageTotal = totalOf(headers);
        if (index === 0) {
          firstTotal = pageTotal;
          total = pageTotal;
          // The cap on pages: from the total when the server sends one (plus room for rows added while we
          // read), else MAX_PAGES. Past it the server is not paging as documented: fail instead of burning budget.
          if (pageTotal !== undefined)
            cap = Math.min(MAX_PAGES, Math.ceil(pageTotal / limit) + 1 + Math.ceil(pageTotal / limit / 10));
        }
        lastTotal = pageTotal ?? lastTotal;
        let fresh = 0;
        for (let i = 0; i < body.length; i++) {
          const row: unknown = body[i];
          if (row === null || typeof row !== 'object' || Array.isArray(row))
            throw new LookerProtocolError(
              `${where}: row ${offset + i} is ${row === null ? 'null' : `a ${typeof row}`}, not an object`,
            );
          const key = idOf(row);
          if (key !== undefined && seen.has(key)) duplicates++;
          else {
            if (key !== undefined) seen.add(key);
            fresh++;
          }
        }
        const full = body.length === limit;
        const end = offset + body.length;
        let more = full;
        if (full && fresh === 0) {
          // A full page of ids already read: the server ignores offset (or a proxy caches the first page).
          if (firstTotal === undefined)
            throw new LookerProtocolError(
              `${where}: offset ${offset} returned only rows already read, stopping (runaway paging)`,
            );
          distrust ??= `X-Total-Count ${lastTotal} not trusted (offset ${offset} returned only ids already read)`;
          more = false;
        } else if (distrust === undefined && lastTotal !== undefined && (full ? end > lastTotal : end < lastTotal)) {
          // More rows than the total, or a short page before it: the total is not what the pages say.
          distrust = `X-Total-Count ${lastTotal} not trusted (${full ? `the pages hold more than ${lastTotal} rows` : `the list ended after ${end} rows`})`;
          cap = MAX_PAGES;
        }
        const known = distrust === undefined ? lastTotal : undefined;
        // A full last page means "maybe more", unless the newest X-Total-Count says the list ends exactly there.
        if (more && known !== undefined && end >= known) more = false;
        if (more) {
          // With a trusted total, up to the concurrency ahead, within the pages it promises. Without one (none
          // sent, or distrusted) a window that doubles with each full page, from 1 up to the concurrency.
          const promised = known === undefined ? Number.POSITIVE_INFINITY : Math.ceil(known / limit);
          window =
            known !== undefined && launched < promised
              ? client.concurrency
              : index === 0
                ? 1
                : Math.min(client.concurrency, window * 2);
          const target = Math.max(index + 2, Math.min(index + 1 + window, promised));
          for (; launched < target; launched++) {
            if (launched >= cap)
              throw new LookerProtocolError(
                `${where}: more than ${cap} pages of ${limit}${firstTotal === undefined ? '' : ` for X-Total-Count ${firstTotal}`}, stopping (runaway paging)`,
              );
            launch(launched);
          }
        }
        // Narrowed now, after the next requests are out: the raw page (every credential object of 1,000 users) is
        // garbage at once instead of waiting in the queue long enough to be promoted to the old generation.
        ready.push({ index, rows: body.map((row) => narrow(row as T)) });
        wakeConsumer?.();
        if (!more) return;
        while (ready.length >= client.concurrency && !leaving) await new Promise<void>((r) => (wakeChecker = r));
      }
    };
    const checking = check().then(
      () => {
        checked = true;
        wakeConsumer?.();
      },
      (error: unknown) => {
        failure = { error };
        checked = true;
        wakeConsumer?.();
      },
    );

    try {
      for (;;) {
        const next = ready.shift();
        if (next === undefined) {
          if (checked) break;
          await new Promise<void>((r) => (wakeConsumer = r));
          wakeConsumer = undefined;
          continue;
        }
        wakeChecker?.();
        wakeChecker = undefined;
        // A turn of the event loop first: got sends a request over several ticks, and responses already in the
        // socket are read in the poll phase; the consumer's work on this page would otherwise run before both.
        await new Promise<void>((r) => setImmediate(r));
        yield { pass, index: next.index, rows: next.rows };
      }
      if (failure !== undefined) throw failure.error;
    } finally {
      leaving = true;
      wakeChecker?.();
      await checking;
      await Promise.all(inFlight.values());
    }
    const said: string[] = [];
    const distinct = seen.size;
    if (distrust !== undefined) said.push(`${where}: ${distrust}; kept the ${distinct} distinct rows read`);
    if (duplicates > 0)
      said.push(`${where}: ${duplicates} rows repeated ids already read on earlier pages and were dropped`);
    const moved =
      lastTotal !== undefined && distrust === undefined && (firstTotal !== lastTotal || distinct < lastTotal);
    if (moved && pass === MAX_PASSES)
      said.push(
        `${where}: the list was still changing after ${MAX_PASSES} reads (X-Total-Count ${lastTotal}, ${distinct} distinct rows read): re-run for certainty`,
      );
    return { again: moved, warnings: said };
  }

  return {
    get total() {
      return total;
    },
    get warnings() {
      return warnings;
    },
    async *[Symbol.asyncIterator]() {
      for (let pass = 1; pass <= MAX_PASSES; pass++) {
        warnings.length = 0;
        const end = yield* readPass(pass);
        warnings.push(...end.warnings);
        if (!end.again) return;
      }
    },
  };
}

/**
 * Collects a stream's final pass: pages in order, rows de-duplicated by id (first seen wins). The same rule as the
 * audit's own collection of user pages (audit/account.ts).
 */
export async function collectPages<U>(stream: AsyncIterable<Page<U>>): Promise<U[]> {
  let pass = 0;
  let byIndex: (readonly U[])[] = [];
  for await (const page of stream) {
    if (page.pass !== pass) {
      pass = page.pass;
      byIndex = [];
    }
    byIndex[page.index] = page.rows;
  }
  const seen = new Set<string>();
  const out: U[] = [];
  for (const rows of byIndex) {
    for (const row of rows ?? []) {
      const key = idOf(row);
      if (key !== undefined) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(row);
    }
  }
  return out;
}

/** Every row of the list (the final pass, de-duplicated by id); the stream's warnings are dropped. */
export async function fetchAllPages<T, U = T>(
  client: LookerClient,
  path: string,
  query: PageQuery = {},
  narrow?: (row: T) => U,
): Promise<U[]> {
  return collectPages(pages<T, U>(client, path, query, narrow));
}
