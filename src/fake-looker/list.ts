/**
 * Looker's list semantics, shared by every list endpoint: search filters, `sorts`, then paging. Rows stay
 * records until the page is cut, and only that page becomes API JSON, so a 20,000-user instance serves a
 * page without building 20,000 views.
 */

export interface ListSource<T> {
  readonly rows: readonly T[];
  readonly toJson: (row: T) => Record<string, unknown>;
}

/** A field of a row as the API shows it: the record's own field when it has it, else its API JSON. */
export function fieldGetter<T extends object>(
  toJson: (row: T) => Record<string, unknown>,
): (row: T, field: string) => unknown {
  const cache = new WeakMap<T, Record<string, unknown>>();
  return (row, field) => {
    if (field in row) return (row as Record<string, unknown>)[field];
    let v = cache.get(row);
    if (!v) {
      v = toJson(row);
      cache.set(row, v);
    }
    return v[field];
  };
}

function compare(a: unknown, b: unknown): number {
  const na = Number(a);
  const nb = Number(b);
  if (
    typeof a !== 'boolean' &&
    typeof b !== 'boolean' &&
    a !== null &&
    b !== null &&
    a !== '' &&
    b !== '' &&
    !Number.isNaN(na) &&
    !Number.isNaN(nb)
  )
    return na - nb;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** `sorts`: comma list of fields, each optionally followed by ` desc` (docs/looker-api.md, Pagination); default id. */
export function sortRows<T>(
  rows: readonly T[],
  sorts: string | undefined,
  get: (row: T, field: string) => unknown,
): T[] {
  const keys = (sorts ?? 'id')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [field, dir] = s.split(/\s+/);
      return { field: field as string, desc: dir?.toLowerCase() === 'desc' };
    });
  const order = (x: T, y: T): number => {
    for (const { field, desc } of keys) {
      const c = compare(get(x, field), get(y, field));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
  // Rows are usually kept in id order already: one linear check instead of sorting 20,000 rows per page request,
  // so the fake's own CPU does not distort the benchmark (the server-time model stands for Looker's work).
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) sorted = order(rows[i - 1] as T, rows[i] as T) <= 0;
  return sorted ? [...rows] : [...rows].sort(order);
}

/**
 * Search semantics (spec search_* descriptions): params ANDed; strings case-insensitive with SQL LIKE
 * wildcards `%` and `_`; `id` a comma list ORed; booleans only 'true'/'false'.
 */
export function searchMatch(wanted: string, value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return String(value) === wanted;
  if (name === 'id' || name.endsWith('_id'))
    return wanted
      .split(',')
      .map((s) => s.trim())
      .includes(String(value));
  const like = wanted
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${like}$`, 'i').test(String(value ?? ''));
}

export interface Page<T> {
  readonly rows: T[];
  /** Set when the request asked for a page size (limit or per_page): then paging headers apply. */
  readonly limit?: number;
  readonly offset: number;
}

const count = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);

/** Paging as some instances and proxies do it, for tests of the client's distrust (docs/looker-api.md, Pagination). */
export interface PagingQuirks {
  /** X-Total-Count: the true count by default; a number sends that instead (a lying total); 'none' omits it. */
  readonly total?: number | 'none';
  /** Every offset is served the first page (a proxy caching by path): the same ids on every page. */
  readonly ignoreOffset?: boolean;
}

/** limit/offset, or the deprecated 1-based page/per_page; limit/offset win when both are sent (docs/looker-api.md). */
export function cutPage<T>(
  rows: readonly T[],
  query: Readonly<Record<string, string>>,
  quirks: PagingQuirks = {},
): Page<T> {
  let limit = count(query.limit);
  let offset = quirks.ignoreOffset === true ? 0 : (count(query.offset) ?? 0);
  if (limit === undefined && count(query.per_page) !== undefined) {
    limit = count(query.per_page) as number;
    if (query.offset === undefined) offset = Math.max(0, (count(query.page) ?? 1) - 1) * limit;
  }
  if (limit === undefined) return { rows: rows.slice(offset), offset };
  return { rows: rows.slice(offset, offset + limit), limit, offset };
}

/**
 * GitHub-style Link as sdk-codegen docs/paging.md describes Looker's: first always; next while rows remain;
 * prev after the first page; last because this server always knows the total.
 */
export function linkHeader(
  url: string,
  query: Readonly<Record<string, string>>,
  offset: number,
  limit: number,
  total: number,
): string {
  const at = (o: number) => {
    const q = new URLSearchParams({ ...query, limit: String(limit), offset: String(o) });
    q.delete('page');
    q.delete('per_page');
    return `<${url}?${q.toString()}>`;
  };
  const links = [`${at(0)}; rel="first"`];
  if (offset + limit < total) links.push(`${at(offset + limit)}; rel="next"`);
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))}; rel="prev"`);
  if (limit > 0) links.push(`${at(Math.max(0, Math.floor((total - 1) / limit) * limit))}; rel="last"`);
  return links.join(', ');
}
