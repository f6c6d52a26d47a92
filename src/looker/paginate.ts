/**
 * limit/offset paging over a Looker list endpoint, sorted by id for stable offsets.
 *
 * - Stop on a short page. Link/X-Total-Count are sent only by some endpoints and releases (sdk-codegen
 *   docs/paging.md, reference.md section 5), so they are an optimisation, never required.
 * - When the first page carries X-Total-Count, the remaining pages are fetched concurrently (the client bounds
 *   requests in flight per instance); paging then continues sequentially while pages keep coming back full
 *   and the newest total says rows remain (rows added meanwhile). A list of exactly N * limit rows with a known
 *   total costs N requests, not N + 1 for a trailing empty page.
 * - Rows can move between pages while we read (users created or deleted). Sorted by id, an insert below the
 *   current offset shifts rows right (one is read twice: de-duplicated by id) and a delete shifts them left (one
 *   is never read). The total tells: if after de-duplication fewer rows were read than the newest X-Total-Count,
 *   or the total changed during the pass, the whole list is read once more, up to MAX_PASSES, and the last
 *   consistent pass wins. Without X-Total-Count a change cannot be seen; a run that needs certainty re-runs.
 * - Page URLs are built from the configured base URL and offsets, never from a Link header's absolute URL
 *   (a proxy can advertise another host; got strips authorization across origins).
 */
import pLimit from 'p-limit';
import type { LookerClient } from './client.js';
import { settleAll } from './settle.js';

/** Guard against runaway paging (a server that never returns a short page). 10,000 pages of 1,000 = 10 M rows. */
export const MAX_PAGES = 10_000;
const MAX_PASSES = 3;

export interface PageQuery<U = unknown> {
  readonly fields?: string;
  readonly sorts?: string;
  /** Told the list's X-Total-Count as soon as the first page brings it (to estimate the calls a run needs). */
  readonly onTotal?: (total: number) => void;
  /** Given each page, narrowed, as it arrives (a page read again in a later pass comes again). */
  readonly onPage?: (rows: readonly U[]) => void;
}

interface Pass<T> {
  readonly rows: T[];
  readonly firstTotal: number | undefined;
  readonly lastTotal: number | undefined;
}

function totalOf(headers: Record<string, string | string[] | undefined>): number | undefined {
  const raw = headers['x-total-count'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

async function readPass<T, U>(
  client: LookerClient,
  path: string,
  query: PageQuery<U>,
  narrow: (row: T) => U,
): Promise<Pass<U>> {
  const limit = client.pageSize;
  const where = `GET /api/4.0/${path}`;
  const params = (offset: number) => ({
    ...(query.fields ? { fields: query.fields } : {}),
    sorts: query.sorts ?? 'id',
    limit,
    offset,
  });
  const pages = new Map<number, U[]>();
  const seen = new Set<string>();
  let lastTotal: number | undefined;
  /** Reads one page; returns its length and how many ids it brought that no earlier page had. */
  const fetchPage = async (index: number) => {
    const { body, headers } = await client.getJson<T[]>(path, params(index * limit));
    if (!Array.isArray(body)) throw new Error(`${where}: expected a JSON array`);
    // Narrowed as each page arrives: the raw page (every credential object of 1,000 users) is garbage at once,
    // and the work overlaps the requests still in flight.
    const rows = body.map(narrow);
    pages.set(index, rows);
    query.onPage?.(rows);
    lastTotal = totalOf(headers) ?? lastTotal;
    let fresh = 0;
    for (const key of body.map(idOf)) {
      if (key !== undefined && seen.has(key)) continue;
      if (key !== undefined) seen.add(key);
      fresh++;
    }
    return { length: body.length, fresh };
  };

  let page = await fetchPage(0);
  const firstTotal = lastTotal;
  if (firstTotal !== undefined) query.onTotal?.(firstTotal);
  let next = 1;
  // The cap on pages: from the total when the server sends one (plus room for rows added while we read),
  // else MAX_PAGES. Past it the server is not paging as documented: fail loudly instead of burning the budget.
  const cap =
    firstTotal === undefined
      ? MAX_PAGES
      : Math.min(MAX_PAGES, Math.ceil(firstTotal / limit) + 1 + Math.ceil(firstTotal / limit / 10));
  if (page.length === limit && firstTotal !== undefined) {
    const known = Math.ceil(firstTotal / limit);
    if (known > MAX_PAGES) throw new Error(`${where}: X-Total-Count ${firstTotal} needs over ${MAX_PAGES} pages`);
    const limiter = pLimit(client.concurrency);
    // settleAll, not Promise.all: no page may still be in flight when the caller logs out (settle.ts).
    const rest = await settleAll(
      Array.from({ length: Math.max(0, known - 1) }, (_, i) => limiter(() => fetchPage(i + 1))),
    );
    next = known;
    page = rest[rest.length - 1] ?? page;
    // An earlier short page means the list shrank; the total check in fetchAllPages catches it.
  }
  // A full last page means "maybe more", unless the newest X-Total-Count says the list ends exactly there:
  // then another request would only fetch an empty page (a list of exactly N * limit rows).
  while (page.length === limit && (lastTotal === undefined || next * limit < lastTotal)) {
    if (next >= cap)
      throw new Error(
        `${where}: more than ${cap} pages of ${limit}${firstTotal === undefined ? '' : ` for X-Total-Count ${firstTotal}`}, stopping (runaway paging)`,
      );
    page = await fetchPage(next++);
    // A full page of ids already read: the server ignores offset (or a proxy caches the first page).
    if (page.length === limit && page.fresh === 0)
      throw new Error(
        `${where}: offset ${(next - 1) * limit} returned only rows already read, stopping (runaway paging)`,
      );
  }
  const rows = [...pages.keys()].sort((a, b) => a - b).flatMap((index) => pages.get(index) ?? []);
  return { rows, firstTotal, lastTotal };
}

// An empty id counts as none: narrowing turns a missing id into '' (looker/narrow.ts), and Looker ids are never empty.
function idOf(row: unknown): string | undefined {
  const id = row !== null && typeof row === 'object' ? (row as { id?: unknown }).id : undefined;
  return id === undefined || id === null || id === '' ? undefined : String(id);
}

function dedupeById<T>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const key = idOf(row);
    if (key === undefined) {
      out.push(row);
    } else if (!seen.has(key)) {
      seen.add(key);
      out.push(row);
    }
  }
  return out;
}

/** Every row of the list, each passed through `narrow` as its page arrives (de-duplicated by id after). */
export async function fetchAllPages<T, U = T>(
  client: LookerClient,
  path: string,
  query: PageQuery<U> = {},
  narrow: (row: T) => U = (row) => row as unknown as U,
): Promise<U[]> {
  let rows: U[] = [];
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const result = await readPass<T, U>(client, path, query, narrow);
    rows = dedupeById(result.rows);
    const consistent =
      result.lastTotal === undefined || (result.firstTotal === result.lastTotal && rows.length === result.lastTotal);
    if (consistent) return rows;
  }
  // Still moving after MAX_PASSES reads: the instance is being changed right now. Report what the last pass saw.
  return rows;
}
