#!/usr/bin/env node
// The built CLI lives in dist/ (npm run build; npm pack builds it first). A source checkout that was never built
// has no dist/: say what to do in one line instead of Node's stack trace of a missing module.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  process.stderr.write('looker-audit: not built yet: run `npm run build` in the looker-audit folder first\n');
  process.exitCode = 70;
}
