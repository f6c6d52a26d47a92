// Where looker-audit's main thread spends its time: a `node --cpu-prof` profile of one run,
// its self time put into a few categories. Used by run.js; also runnable on its own:
//
//   node bench/cpu-profile.js <file.cpuprofile | dir> [--login-at <µs on the profile's clock>]
//
// The CLI runs the esbuild bundle (dist/bundle/*.js), whose function names are kept but whose files mix many
// modules. esbuild writes a `// node_modules/<pkg>/...` or `// dist/<layer>/...` comment above each module it
// inlines, so a frame's line number tells its module. Each sample goes to the category of the nearest frame on
// its stack (leaf first) that names one; Node internals that any caller uses (streams, events, buffers, timers)
// only count as HTTP when no caller names a category. Samples before the login arrived are start-up.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** In the order of the summary table. */
export const CATEGORIES = ['start-up', 'HTTP', 'JSON.parse', 'audit', 'CSV', 'GC', 'idle', 'other'];

const HTTP_PACKAGES = new Set([
  'got',
  'http2-wrapper',
  'cacheable-request',
  'cacheable-lookup',
  '@szmarczak/http-timer',
  'responselike',
  'lowercase-keys',
  'p-cancelable',
  'decompress-response',
  'form-data-encoder',
  '@sindresorhus/is',
  'keyv',
  'mimic-response',
  'defer-to-connect',
  'get-stream',
  'normalize-url',
  'resolve-alpn',
  'quick-lru',
  'http-cache-semantics',
  'p-limit',
  'yocto-queue',
  'https-proxy-agent',
  'agent-base',
]);
// Function names from src/, for frames whose module is not known (an unbundled dist/, or a bundle without comments).
const AUDIT_FUNCTIONS = new Set([
  'accessOf',
  'resolve',
  'reasonFor',
  'narrowUser',
  'narrowGroup',
  'auditUsers',
  'auditAccount',
  'uniqueById',
  'lastLoginAt',
  'isoTime',
  'shareOf',
]);
const CSV_FUNCTIONS = new Set(['csvText', 'usersCsvChunks', 'csvChunks', 'userCsvRows', 'renderUsersCsv']);
const STARTUP_FUNCTIONS = new Set(['compileSourceTextModule', 'compileForInternalLoader', 'compileFunction']);

/** `dist/<layer>/<file>` or `node_modules/<pkg>` → a category, or undefined. */
function categoryOfModule(module) {
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module)?.[1];
  if (pkg !== undefined) {
    if (HTTP_PACKAGES.has(pkg)) return 'HTTP';
    if (pkg === 'csv-stringify') return 'CSV';
    return undefined;
  }
  if (module.startsWith('dist/audit/') || module === 'dist/looker/narrow.js') return 'audit';
  // For `users --format csv` the report layer is the CSV: rows, per-format sanitising, writing in pieces.
  if (module.startsWith('dist/report/') || module.startsWith('dist/output/')) return 'CSV';
  if (module.startsWith('dist/looker/')) return 'HTTP';
  return undefined;
}

/** Modules of a bundle file: the `// <path>` comments esbuild writes, by 0-based line. */
function bundleModules(file) {
  const marks = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/ ((?:node_modules|dist|src)\/\S+)$/.exec(lines[i]);
    if (m) marks.push({ line: i, module: m[1] });
  }
  return marks;
}

function moduleLookup(root) {
  const cache = new Map();
  return (url, line) => {
    if (!url.startsWith('file://')) return undefined;
    const path = fileURLToPath(url);
    if (!path.includes('/dist/bundle/')) {
      const at = path.lastIndexOf('/node_modules/');
      if (at >= 0) return path.slice(at + 1);
      return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : undefined;
    }
    if (!cache.has(path)) {
      try {
        cache.set(path, bundleModules(path));
      } catch {
        cache.set(path, []);
      }
    }
    let found;
    for (const mark of cache.get(path)) {
      if (mark.line > line) break;
      found = mark.module;
    }
    return found;
  };
}

/** 'strong' categories decide; 'weak' ones only apply when no frame up the stack decides. */
function frameCategory(frame, moduleOf) {
  const { functionName: fn, url, lineNumber } = frame;
  if (fn === '(garbage collector)') return { strong: 'GC' };
  if (fn === '(idle)') return { strong: 'idle' };
  if (
    STARTUP_FUNCTIONS.has(fn) ||
    url.startsWith('node:internal/modules/') ||
    url.startsWith('node:internal/bootstrap/')
  )
    return { strong: 'start-up' };
  // JSON.parse is a builtin: V8 gives it no frame of its own, so its time is the self time of the caller that
  // parses each body (the client's jsonExchange); a `parse` frame with no script is JSON.parse too.
  if (fn === 'jsonExchange' || (fn === 'parse' && url === '')) return { strong: 'JSON.parse' };
  if (/^node:(_http_|http|https|http2|net|tls|_tls_|dns|zlib)\b/.test(url) || url.startsWith('node:internal/http'))
    return { strong: 'HTTP' };
  if (/^node:internal\/(streams|stream_base_commons|net|dns|tls)/.test(url)) return { weak: 'HTTP' };
  const module = moduleOf(url, lineNumber);
  const byModule = module === undefined ? undefined : categoryOfModule(module);
  if (byModule !== undefined) return { strong: byModule };
  if (AUDIT_FUNCTIONS.has(fn)) return { strong: 'audit' };
  if (CSV_FUNCTIONS.has(fn)) return { strong: 'CSV' };
  return {};
}

/** The .cpuprofile itself, or the only one in a directory (what --cpu-prof-dir leaves). */
export function findProfile(path) {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`${path}: expected one .cpuprofile, found ${files.length}`);
  return join(path, files[0]);
}

/**
 * Self time per category. `loginAtUs`: when the first request arrived, on the profile's clock (V8 stamps samples
 * in microseconds of the monotonic clock, the one process.hrtime reads); non-idle samples before it are start-up.
 * Returns the categories in CATEGORIES order with their ms and largest frames, the profile's span, and where the
 * login fell in it.
 */
export function summariseCpuProfile(path, { loginAtUs, root = process.cwd() } = {}) {
  const file = findProfile(path);
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = moduleLookup(root);
  const frameCategories = new Map();
  const categoryOfFrame = (id) => {
    if (!frameCategories.has(id)) frameCategories.set(id, frameCategory(nodes.get(id).callFrame, moduleOf));
    return frameCategories.get(id);
  };
  const categoryOfSample = (leaf) => {
    let weak;
    for (let id = leaf, depth = 0; id !== undefined && depth < 500; id = parent.get(id), depth++) {
      const c = categoryOfFrame(id);
      if (c.strong !== undefined) return c.strong;
      weak ??= c.weak;
    }
    return weak ?? 'other';
  };

  const totals = new Map(CATEGORIES.map((c) => [c, 0]));
  const frames = new Map(CATEGORIES.map((c) => [c, new Map()]));
  // A sample stands for the time up to the next one (as DevTools counts); the last one up to endTime.
  const { samples, timeDeltas } = profile;
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i];
    const next = i + 1 < samples.length ? t + timeDeltas[i + 1] : profile.endTime;
    const us = Math.max(0, next - t);
    let category = categoryOfSample(samples[i]);
    if (loginAtUs !== undefined && t < loginAtUs && category !== 'idle') category = 'start-up';
    totals.set(category, totals.get(category) + us);
    const { functionName, url } = nodes.get(samples[i]).callFrame;
    const label = `${functionName || '(anonymous)'}${url.startsWith('node:') ? ` (${url})` : ''}`;
    const byFrame = frames.get(category);
    byFrame.set(label, (byFrame.get(label) ?? 0) + us);
  }
  const spanUs = profile.endTime - profile.startTime;
  return {
    file,
    spanMs: spanUs / 1000,
    loginAtMs: loginAtUs === undefined ? undefined : (loginAtUs - profile.startTime) / 1000,
    categories: CATEGORIES.map((name) => ({
      name,
      ms: totals.get(name) / 1000,
      share: spanUs > 0 ? totals.get(name) / spanUs : 0,
      top: [...frames.get(name)]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([label, us]) => ({ label, ms: us / 1000 })),
    })),
  };
}

const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) {
  const [path, flag, value] = process.argv.slice(2);
  if (path === undefined) {
    process.stderr.write('usage: node bench/cpu-profile.js <file.cpuprofile | dir> [--login-at <µs>]\n');
    process.exitCode = 2;
  } else {
    const summary = summariseCpuProfile(path, { loginAtUs: flag === '--login-at' ? Number(value) : undefined });
    for (const c of summary.categories)
      process.stdout.write(
        `${c.name.padEnd(10)} ${c.ms.toFixed(0).padStart(6)} ms ${(c.share * 100).toFixed(1).padStart(5)}%  ${c.top.map((f) => `${f.label} ${f.ms.toFixed(0)}`).join(', ')}\n`,
      );
    process.stdout.write(`span ${summary.spanMs.toFixed(0)} ms\n`);
  }
}
