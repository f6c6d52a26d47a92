/** Fault injection: scripted misbehaviour for the next matching requests (design.md section 8). */

export interface FaultMatch {
  method?: string;
  /** Matched against the path without the query, e.g. '/api/4.0/users' or /\/groups\//. */
  path?: string | RegExp;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Let this many matching requests pass first. */
  skip?: number;
}

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string; body?: string; contentType?: string }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop' }
  | { kind: 'malformed-json' }
  | { kind: 'html-200' }
  | { kind: 'expire-token' }
  | { kind: 'shift-rows'; insert?: number; remove?: number };

interface Armed {
  readonly match: FaultMatch;
  readonly fault: Fault;
  remaining: number;
  skip: number;
}

export class FaultPlan {
  #armed: Armed[] = [];

  add(match: FaultMatch, fault: Fault): void {
    this.#armed.push({ match, fault, remaining: match.times ?? 1, skip: match.skip ?? 0 });
  }

  clear(): void {
    this.#armed = [];
  }

  /** The faults that fire for this request (several may, e.g. latency then a status), consuming them. */
  take(method: string, path: string): Fault[] {
    const fired: Fault[] = [];
    for (const armed of this.#armed) {
      if (armed.remaining <= 0) continue;
      if (armed.match.method && armed.match.method.toUpperCase() !== method) continue;
      const p = armed.match.path;
      if (p !== undefined && (typeof p === 'string' ? p !== path : !p.test(path))) continue;
      if (armed.skip > 0) {
        armed.skip--;
        continue;
      }
      armed.remaining--;
      fired.push(armed.fault);
    }
    this.#armed = this.#armed.filter((a) => a.remaining > 0);
    return fired;
  }
}
