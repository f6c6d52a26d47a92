/**
 * limit/offset paging over a Looker list endpoint, sorted by id for stable offsets.
 *
 * - Stop on a short page. Link/X-Total-Count are sent only by some endpoints and releases (sdk-codegen
 *   docs/paging.md, reference.md section 5), so they are an optimisation, never required.
 * - When the first page carries X-Total-Count, the remaining pages are fetched concurrently (the client bounds
 *   requests in flight per instance); paging then continues sequentially while pages keep coming back full,
 *   in case rows were added meanwhile.
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

/** Guard against runaway paging (a server that never returns a short page). 10,000 pages of 1,000 = 10 M rows. */
export const MAX_PAGES = 10_000;
const MAX_PASSES = 3;

export interface PageQuery {
  readonly fields?: string;
  readonly sorts?: string;
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

async function readPass<T>(client: LookerClient, path: string, query: PageQuery): Promise<Pass<T>> {
  const limit = client.pageSize;
  const params = (offset: number) => ({ ...(query.fields ? { fields: query.fields } : {}), sorts: query.sorts ?? 'id', limit, offset });
  const pages = new Map<number, T[]>();
  let lastTotal: number | undefined;
  const fetchPage = async (index: number) => {
    const { body, headers } = await client.getJson<T[]>(path, params(index * limit));
    if (!Array.isArray(body)) throw new Error(`GET /api/4.0/${path}: expected a JSON array`);
    pages.set(index, body);
    lastTotal = totalOf(headers) ?? lastTotal;
    return body.length;
  };

  let count = await fetchPage(0);
  const firstTotal = lastTotal;
  let next = 1;
  if (count === limit && firstTotal !== undefined) {
    const known = Math.ceil(firstTotal / limit);
    if (known > MAX_PAGES) throw new Error(`GET /api/4.0/${path}: X-Total-Count ${firstTotal} needs over ${MAX_PAGES} pages`);
    const limiter = pLimit(client.concurrency);
    const counts = await Promise.all(Array.from({ length: Math.max(0, known - 1) }, (_, i) => limiter(() => fetchPage(i + 1))));
    next = known;
    count = counts.length > 0 ? (counts[counts.length - 1] ?? 0) : count;
    // An earlier short page means the list shrank; the total check below catches it.
  }
  while (count === limit) {
    if (next >= MAX_PAGES) throw new Error(`GET /api/4.0/${path}: more than ${MAX_PAGES} pages, stopping (runaway paging)`);
    count = await fetchPage(next++);
  }
  const rows = [...pages.keys()].sort((a, b) => a - b).flatMap((index) => pages.get(index) ?? []);
  return { rows, firstTotal, lastTotal };
}

function dedupeById<T>(rows: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const row of rows) {
    const id = (row as { id?: unknown }).id;
    const key = id === undefined || id === null ? undefined : String(id);
    if (key === undefined) {
      out.push(row);
    } else if (!seen.has(key)) {
      seen.add(key);
      out.push(row);
    }
  }
  return out;
}

export async function fetchAllPages<T>(client: LookerClient, path: string, query: PageQuery = {}): Promise<T[]> {
  let rows: T[] = [];
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const result = await readPass<T>(client, path, query);
    rows = dedupeById(result.rows);
    const consistent = result.lastTotal === undefined || (result.firstTotal === result.lastTotal && rows.length === result.lastTotal);
    if (consistent) return rows;
  }
  // Still moving after MAX_PASSES reads: the instance is being changed right now. Report what the last pass saw.
  return rows;
}
