#!/usr/bin/env node
// The built CLI lives in dist/ (npm run build; npm pack builds it first). A source checkout that was never built
// has no dist/: say what to do in one line instead of Node's stack trace of a missing module.
import { existsSync } from 'node:fs';
import module from 'node:module';

// Node 22.1+ can keep the compiled code of the modules it loads on disk, so a later start skips compiling the
// bundle (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir). The cache lives in the OS temp
// folder (or NODE_COMPILE_CACHE); NODE_DISABLE_COMPILE_CACHE=1 turns it off. It must never stop a run: on Node 20
// the function does not exist, and a cache that cannot be written is only a slower start.
try {
  module.enableCompileCache?.();
} catch {
  // no cache: the run goes on uncached
}

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('looker-audit: not built yet: run `npm run build` in the looker-audit folder first\n');
  process.exitCode = 70;
}
