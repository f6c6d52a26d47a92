/**
 * limit/offset paging over a Looker list endpoint as an async iterator of pages, sorted by id for stable offsets
 * (octokit's paginate-rest iterator is the model: pulling pages drives the requests).
 *
 * - Stop on a short page. Link/X-Total-Count are sent only by some endpoints and releases (sdk-codegen
 *   docs/paging.md), so they are an optimisation, never required.
 * - Requests run ahead of the consumer, in order: with an X-Total-Count on the first page, up to the client's
 *   concurrency of the pages it promises; without one, in a growing window (1, 2, 4, ... up to the concurrency),
 *   so at most window - 1 requests are wasted past the first short page. While pages keep
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
 * - Ids repeated across the pages of a pass are dropped from the later page before it is yielded (first seen
 *   wins), with a warning that gives the count, never silently: a consumer never sees an id twice in a pass.
 * - Page URLs are built from the configured base URL and offsets, never from a Link header's absolute URL
 *   (a proxy can advertise another host; got strips authorization across origins).
 * - No request is left in flight when iteration ends, by completion, failure or the consumer leaving early: the
 *   caller logs out next, and a request answered 401 after the logout would log in again (settle.ts).
 */
import type { LookerClient } from './client.js';
import { LookerProtocolError } from './errors.js';
import type { JsonResponse } from './json-exchange.js';
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

/** The list being read, the same for every pass. */
interface ListRead<T, U> {
  readonly client: LookerClient;
  readonly path: string;
  readonly query: PageQuery;
  readonly narrow: (row: T) => U;
  /** `GET /api/4.0/<path>`, for messages. */
  readonly where: string;
  /** The X-Total-Count of a pass's first page, as it arrives. */
  onTotal(total: number | undefined): void;
}

/**
 * One pass over the list. Pages are checked, and the next requests launched, as each response arrives, not when
 * the consumer asks for the next page: a consumer that audits a page meanwhile would otherwise delay every
 * request of the next round by its own work (measured at about 15 ms a page, so the 8th request of a round left
 * 120 ms late). At most `concurrency` checked pages wait for the consumer, so a slow consumer stops the requests.
 */
class PassReader<T, U> {
  private readonly list: ListRead<T, U>;
  private readonly pass: number;
  private readonly limit: number;
  private readonly inFlight = new Map<number, Promise<Settled<JsonResponse<unknown>>>>();
  private readonly seen = new Set<string>();
  private duplicates = 0;
  private firstTotal: number | undefined;
  private lastTotal: number | undefined;
  private cap = MAX_PAGES;
  private window = 1;
  private launched = 1;
  private distrust: string | undefined;
  /** Checked pages waiting for the consumer, in page order. */
  private readonly ready: { readonly index: number; readonly rows: readonly U[] }[] = [];
  private checked = false;
  private failure: { readonly error: unknown } | undefined;
  private leaving = false;
  private wakeConsumer: (() => void) | undefined;
  private wakeChecker: (() => void) | undefined;

  constructor(list: ListRead<T, U>, pass: number) {
    this.list = list;
    this.pass = pass;
    this.limit = list.client.pageSize;
  }

  private launch(index: number): void {
    const { client, path, query } = this.list;
    const params = {
      ...(query.fields ? { fields: query.fields } : {}),
      sorts: query.sorts ?? 'id',
      limit: this.limit,
      offset: index * this.limit,
    };
    this.inFlight.set(index, settle(client.getJson<unknown>(path, params)));
  }

  /** Pages in order, each checked as it arrives; returns when the list has ended or the consumer has left. */
  private async check(): Promise<void> {
    const { client, narrow, where } = this.list;
    this.launch(0);
    for (let index = 0; !this.leaving; index++) {
      const settled = (await this.inFlight.get(index)) as Settled<JsonResponse<unknown>>;
      this.inFlight.delete(index);
      if (this.leaving) return;
      const { body, headers } = unwrap(settled);
      if (!Array.isArray(body)) throw new LookerProtocolError(`${where}: expected a JSON array`);
      this.readTotal(index, headers);
      const fresh = this.freshRows(body, index * this.limit);
      const more = this.more(index, body.length, fresh.length);
      if (more) this.launchAhead(index);
      // Narrowed now, after the next requests are out: the raw page (every credential object of 1,000 users) is
      // garbage at once instead of waiting in the queue long enough to be promoted to the old generation.
      this.ready.push({ index, rows: fresh.map((row) => narrow(row as T)) });
      this.wakeConsumer?.();
      if (!more) return;
      while (this.ready.length >= client.concurrency && !this.leaving)
        await new Promise<void>((resolve) => (this.wakeChecker = resolve));
    }
  }

  private readTotal(index: number, headers: JsonResponse<unknown>['headers']): void {
    const pageTotal = totalOf(headers);
    if (index === 0) {
      this.firstTotal = pageTotal;
      this.list.onTotal(pageTotal);
      // The cap on pages: from the total when the server sends one (plus room for rows added while we read), else
      // MAX_PAGES. Past it the server is not paging as documented: fail instead of burning budget.
      if (pageTotal !== undefined)
        this.cap = Math.min(MAX_PAGES, Math.ceil(pageTotal / this.limit) + 1 + Math.ceil(pageTotal / this.limit / 10));
    }
    this.lastTotal = pageTotal ?? this.lastTotal;
  }

  /** The rows of a page whose id no earlier page of this pass held (first seen wins); rows without an id stay. */
  private freshRows(body: readonly unknown[], offset: number): unknown[] {
    const fresh: unknown[] = [];
    for (let i = 0; i < body.length; i++) {
      const row: unknown = body[i];
      if (row === null || typeof row !== 'object' || Array.isArray(row))
        throw new LookerProtocolError(
          `${this.list.where}: row ${offset + i} is ${row === null ? 'null' : `a ${typeof row}`}, not an object`,
        );
      const key = idOf(row);
      if (key !== undefined && this.seen.has(key)) {
        this.duplicates++;
        continue;
      }
      if (key !== undefined) this.seen.add(key);
      fresh.push(row);
    }
    return fresh;
  }

  /** The total the pages have not contradicted, if any. */
  private get trustedTotal(): number | undefined {
    return this.distrust === undefined ? this.lastTotal : undefined;
  }

  /** Whether the list goes on after this page; a total the page contradicts is distrusted here. */
  private more(index: number, length: number, fresh: number): boolean {
    const offset = index * this.limit;
    const full = length === this.limit;
    const end = offset + length;
    if (full && fresh === 0) {
      // A full page of ids already read: the server ignores offset (or a proxy caches the first page).
      if (this.firstTotal === undefined)
        throw new LookerProtocolError(
          `${this.list.where}: offset ${offset} returned only rows already read, stopping (runaway paging)`,
        );
      this.distrust ??= `X-Total-Count ${this.lastTotal} not trusted (offset ${offset} returned only ids already read)`;
      return false;
    }
    const total = this.lastTotal;
    if (this.distrust === undefined && total !== undefined && (full ? end > total : end < total)) {
      // More rows than the total, or a short page before it: the total is not what the pages say.
      this.distrust = `X-Total-Count ${total} not trusted (${full ? `the pages hold more than ${total} rows` : `the list ended after ${end} rows`})`;
      this.cap = MAX_PAGES;
    }
    // A full last page means "maybe more", unless the newest X-Total-Count says the list ends exactly there.
    const known = this.trustedTotal;
    return full && !(known !== undefined && end >= known);
  }

  /**
   * With a trusted total, up to the concurrency ahead, within the pages it promises. Without one (none sent, or
   * distrusted) a window that doubles with each full page, from 1 up to the concurrency.
   */
  private launchAhead(index: number): void {
    const { client, where } = this.list;
    const known = this.trustedTotal;
    const promised = known === undefined ? Number.POSITIVE_INFINITY : Math.ceil(known / this.limit);
    this.window =
      known !== undefined && this.launched < promised
        ? client.concurrency
        : index === 0
          ? 1
          : Math.min(client.concurrency, this.window * 2);
    const target = Math.max(index + 2, Math.min(index + 1 + this.window, promised));
    for (; this.launched < target; this.launched++) {
      if (this.launched >= this.cap)
        throw new LookerProtocolError(
          `${where}: more than ${this.cap} pages of ${this.limit}${this.firstTotal === undefined ? '' : ` for X-Total-Count ${this.firstTotal}`}, stopping (runaway paging)`,
        );
      this.launch(this.launched);
    }
  }

  /** The pass's pages for the consumer; whichever way it ends, no request of the pass is left in flight. */
  async *read(): AsyncGenerator<Page<U>> {
    const checking = this.check().then(
      () => this.finishChecks(undefined),
      (error: unknown) => this.finishChecks({ error }),
    );
    try {
      for (;;) {
        const next = this.ready.shift();
        if (next === undefined) {
          if (this.checked) break;
          await new Promise<void>((resolve) => (this.wakeConsumer = resolve));
          this.wakeConsumer = undefined;
          continue;
        }
        this.wakeChecker?.();
        this.wakeChecker = undefined;
        // A turn of the event loop first: got sends a request over several ticks, and responses already in the
        // socket are read in the poll phase; the consumer's work on this page would otherwise run before both.
        // Its gain, measured against a build without it in turns (bench/tricks.js, BENCHMARKS.md): `users --format
        // csv` of 20,000 users 7.6% faster (1.46 s vs 1.56 s; 12% in an earlier run), where a build against itself
        // varies by 4.9%.
        await new Promise<void>((resolve) => setImmediate(resolve));
        yield { pass: this.pass, index: next.index, rows: next.rows };
      }
      if (this.failure !== undefined) throw this.failure.error;
    } finally {
      this.leaving = true;
      this.wakeChecker?.();
      await checking;
      await Promise.all(this.inFlight.values());
    }
  }

  private finishChecks(failure: { readonly error: unknown } | undefined): void {
    this.failure = failure;
    this.checked = true;
    this.wakeConsumer?.();
  }

  /** What the pass says about the list, once read: warnings, and whether it must be read again. */
  end(): PassEnd {
    const { where } = this.list;
    const said: string[] = [];
    const distinct = this.seen.size;
    const last = this.lastTotal;
    if (this.distrust !== undefined) said.push(`${where}: ${this.distrust}; kept the ${distinct} distinct rows read`);
    if (this.duplicates > 0)
      said.push(`${where}: ${this.duplicates} rows repeated ids already read on earlier pages and were dropped`);
    const moved = last !== undefined && this.distrust === undefined && (this.firstTotal !== last || distinct < last);
    if (moved && this.pass === MAX_PASSES)
      said.push(
        `${where}: the list was still changing after ${MAX_PASSES} reads (X-Total-Count ${last}, ${distinct} distinct rows read): re-run for certainty`,
      );
    return { again: moved, warnings: said };
  }
}

/** The pages of `path`, each row passed through `narrow` as its page arrives. */
export function pages<T, U = T>(
  client: LookerClient,
  path: string,
  query: PageQuery = {},
  narrow: (row: T) => U = (row) => row as unknown as U,
): PageStream<U> {
  let total: number | undefined;
  const warnings: string[] = [];
  const list: ListRead<T, U> = {
    client,
    path,
    query,
    narrow,
    where: `GET /api/4.0/${path}`,
    onTotal: (pageTotal) => {
      total = pageTotal;
    },
  };
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
        const reader = new PassReader(list, pass);
        yield* reader.read();
        const end = reader.end();
        warnings.push(...end.warnings);
        if (!end.again) return;
      }
    },
  };
}

/** Collects a stream's final pass: its pages in order (their rows come de-duplicated from the paginator). */
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
  return byIndex.flatMap((rows) => rows ?? []);
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
