// The CLI as one ESM bundle (dist/bundle/), built from tsc's output in dist/. Why: a Node start-up resolves, reads
// and compiles every module file of the import graph, and got alone is dozens of small packages; one bundle
// starts about 65 ms sooner on every run (BENCHMARKS.md, start-up), which at 500 users is a sixth of the whole
// audit. The commands stay lazy: dynamic imports become chunks, so --help still loads only the program.
//
// Every bundled package stays a declared runtime dependency, installed with its own LICENSE beside the bundle;
// legal comments are kept at the end of each file (esbuild's default for bundles).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// got imports two packages for options looker-audit never sets (client.ts): `http2` (http2-wrapper) and `cache`
// (cacheable-request, with keyv and http-cache-semantics). Together about 150 KB that every run would compile
// before its first request, so the bundle gets stand-ins that fail loudly if ever reached.
// dist/ itself (the library's import) keeps the real packages. test/e2e/bundle.test.ts checks that neither is in it.
const STAND_INS = {
  'http2-wrapper': `const off = () => { throw new Error('looker-audit is bundled without got\\'s http2 option'); };
export default { get auto() { return off; }, get globalAgent() { return off(); } };`,
  'cacheable-request': `export class CacheError extends Error {}
export default class CacheableRequest { constructor() { throw new Error('looker-audit is bundled without got\\'s cache option'); } }`,
};
// commander requires node:child_process at load, for executable subcommands, which looker-audit has none of:
// loaded on first use instead, so every start (--help included) skips child_process, net and dgram (about 4 ms).
const LAZY_CHILD_PROCESS = `let real;
const load = () => (real ??= require('node:child_process'));
module.exports = new Proxy({}, { get: (_, key) => load()[key] });`;
const standIns = {
  name: 'stand-ins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({ contents: LAZY_CHILD_PROCESS, loader: 'js' }));
    // yaml's package gives Node its CommonJS build, which esbuild can neither tree-shake nor load lazily; its ES
    // module build (the one bundlers for browsers get) is the same code, and only what we import is kept.
    b.onResolve({ filter: /^yaml$/ }, () => ({
      path: join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser/index.js'),
    }));
    b.onResolve({ filter: /^(http2-wrapper|cacheable-request)$/ }, (args) => ({
      path: args.path,
      namespace: 'stand-in',
    }));
    b.onLoad({ filter: /.*/, namespace: 'stand-in' }, (args) => ({ contents: STAND_INS[args.path], loader: 'js' }));
  },
};

await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  // CommonJS dependencies (commander, cli-table3, ini) call require() for Node's built-ins; an ESM bundle has no
  // require of its own, so each output file gets one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [standIns],
  logLevel: 'warning',
});
