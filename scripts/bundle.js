// The CLI as one ESM bundle (dist/bundle/), built from tsc's output in dist/. Why: a Node start-up resolves, reads
// and compiles every module file of the import graph, and got alone is dozens of small packages; one bundle
// starts about 65 ms sooner on every run (BENCHMARKS.md, start-up), which at 500 users is a sixth of the whole
// audit. The commands stay lazy: dynamic imports become chunks, so --help still loads only the program.
//
// Every bundled package stays a declared runtime dependency, installed with its own LICENSE beside the bundle;
// legal comments are kept at the end of each file (esbuild's default for bundles).
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
