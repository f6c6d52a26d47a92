// The server-time floor and the start-up timeline of a run, from the sizes of a scenario and
// the fake's request log. The fake stamps every request with receivedAt / sentAt (epoch ms, performance.timeOrigin
// + performance.now(), src/fake-looker/server.ts); run.js stamps the spawn and the exit of each child the same way.

const API = '/api/4.0';

/** Rows per page of a list of `rows` read `pageSize` at a time. */
const pageRows = (rows, pageSize) =>
  Array.from({ length: Math.max(1, Math.ceil(rows / pageSize)) }, (_, i) => Math.min(pageSize, rows - i * pageSize));

/**
 * The least wall time any client could take with the same calls at the same concurrency: node start-up, the login,
 * the first round (the first page of users, with the roles and the first page of groups beside it), then the
 * remaining pages of users and groups `concurrency` at a time, each round as long as its longest page. The logout
 * is left out (it can overlap writing the report), and so is all local work. `loginMs`: what the server charges for
 * the login; the fake answers /login before applying its server-time model (src/fake-looker/server.ts), so 0 there.
 */
export function serverFloor(org, { nodeMs, serverTime, pageSize, concurrency, loginMs = 0 }) {
  const cost = (rows) => serverTime.perRequestMs + rows * serverTime.perRowMs;
  const users = pageRows(org.users, pageSize);
  const groups = pageRows(org.groups, pageSize);
  const firstRoundMs = Math.max(cost(users[0]), cost(groups[0]), cost(org.roles));
  const rest = [...users.slice(1), ...groups.slice(1)].map(cost).sort((a, b) => b - a);
  const rounds = [];
  for (let i = 0; i < rest.length; i += concurrency) rounds.push(rest[i]);
  const roundsMs = rounds.reduce((a, b) => a + b, 0);
  return {
    nodeMs,
    loginMs,
    firstRoundMs,
    rounds: rounds.length,
    roundsMs,
    fetchMs: firstRoundMs + roundsMs,
    totalMs: nodeMs + loginMs + firstRoundMs + roundsMs,
  };
}

function describe(r) {
  const path = r.path.startsWith(API) ? r.path.slice(API.length + 1) : r.path;
  const page = r.query.offset !== undefined && r.query.limit ? Number(r.query.offset) / Number(r.query.limit) + 1 : 1;
  if (path === 'users') return { kind: 'users', page };
  if (path === 'groups/search/with_hierarchy') return { kind: 'groups', page };
  return { kind: path, page: undefined };
}

/**
 * One run, relative to its spawn: when the login arrived, when the first page of users arrived, when the last page
 * (any request before the logout) was sent, the exit; and the requests in steps. A request's step is one more than
 * the latest step among the requests answered before it arrived: the login is step 1, what it unlocks step 2, the
 * pages that waited for a free slot step 3 and on.
 */
export function runTimeline(requests, spawnAt, exitAt) {
  const sorted = [...requests].sort((a, b) => a.receivedAt - b.receivedAt);
  const steps = [];
  for (const r of sorted) {
    let step = 1;
    for (const q of steps)
      if (q.request.sentAt !== undefined && q.request.sentAt <= r.receivedAt) step = Math.max(step, q.step + 1);
    steps.push({ request: r, step, ...describe(r) });
  }
  const at = (t) => (t === undefined ? NaN : t - spawnAt);
  const login = steps.find((s) => s.kind === 'login');
  const usersPages = steps.filter((s) => s.kind === 'users');
  const beforeLogout = steps.filter((s) => s.kind !== 'login' && s.kind !== 'logout');
  const loginMs = at(login?.request.receivedAt);
  const firstUsersMs = at(usersPages[0]?.request.receivedAt);
  const lastPageSentMs = Math.max(...beforeLogout.map((s) => at(s.request.sentAt)));
  const exitMs = at(exitAt);
  return {
    loginMs,
    firstUsersMs,
    lastUsersSentMs: Math.max(...usersPages.map((s) => at(s.request.sentAt))),
    lastPageSentMs,
    exitMs,
    /** Spawn → login arrived; login arrived → first users page arrived; → last page sent; → exit. */
    segments: {
      startup: loginMs,
      login: firstUsersMs - loginMs,
      fetch: lastPageSentMs - firstUsersMs,
      tail: exitMs - lastPageSentMs,
    },
    steps: steps.map((s) => ({
      step: s.step,
      kind: s.kind,
      page: s.page,
      arrivedMs: at(s.request.receivedAt),
      sentMs: at(s.request.sentAt),
    })),
  };
}

const ms = (v) => (Number.isFinite(v) ? `${Math.round(v)}` : '–');
const range = (values) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return Math.round(hi) - Math.round(lo) < 1 ? ms(lo) : `${ms(lo)}–${ms(hi)}`;
};

/** The steps of a run as table rows: the requests of a step grouped by kind, pages as ranges. */
export function timelineRows(timeline) {
  const byStep = new Map();
  for (const s of timeline.steps) {
    if (!byStep.has(s.step)) byStep.set(s.step, []);
    byStep.get(s.step).push(s);
  }
  const rows = [];
  for (const [step, items] of [...byStep].sort((a, b) => a[0] - b[0])) {
    const kinds = new Map();
    for (const s of items) {
      if (!kinds.has(s.kind)) kinds.set(s.kind, []);
      kinds.get(s.kind).push(s);
    }
    const what = [...kinds]
      .map(([kind, list]) => {
        if (list[0].page === undefined) return list.length > 1 ? `${kind} ×${list.length}` : kind;
        const pages = list.map((s) => s.page).sort((a, b) => a - b);
        const span = pages.length > 1 ? `pages ${pages[0]}–${pages[pages.length - 1]}` : `page ${pages[0]}`;
        return `${kind} ${span}`;
      })
      .join(', ');
    rows.push({
      step,
      what,
      arrived: range(items.map((s) => s.arrivedMs)),
      sent: range(items.map((s) => s.sentMs)),
    });
  }
  return rows;
}
