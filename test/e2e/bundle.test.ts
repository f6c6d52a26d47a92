/**
 * What the CLI compiles before its first request: the bundle leaves out the got options it never
 * sets and zod's translations, and `users --format csv` reaches no table or Markdown code. The built files are read,
 * not timed: the time itself is measured in BENCHMARKS.md.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUNDLE = join(ROOT, 'dist/bundle');
const bundled = readdirSync(BUNDLE)
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(join(BUNDLE, f), 'utf8'))
  .join('\n');

/** The dist/ modules a module reaches through static imports (what loads with it, before any dynamic import). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set([resolve(entry)]);
  const queue = [...seen];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/gms)) {
      const next = resolve(dirname(file), m[1] as string);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return new Set([...seen].map((f) => f.slice(join(ROOT, 'dist').length + 1)));
}

describe('the bundle', () => {
  it('has stand-ins for http2-wrapper and cacheable-request, and no zod translation but English', () => {
    expect(bundled).not.toContain('// node_modules/http2-wrapper/');
    expect(bundled).not.toContain('// node_modules/cacheable-request/');
    expect(bundled).not.toContain('// node_modules/keyv/');
    expect(bundled).toContain("bundled without got's http2 option");
    expect(bundled).toContain('// node_modules/zod/v4/locales/en.js');
    expect(bundled).not.toContain('// node_modules/zod/v4/locales/de.js');
    // yaml's ES module build, tree-shaken, not its CommonJS one.
    expect(bundled).toContain('// node_modules/yaml/browser/dist/');
    expect(bundled).not.toContain('// node_modules/yaml/dist/');
  });

  it('the users command reaches the CSV code statically, the table and Markdown code only by a dynamic import', () => {
    const graph = staticGraph(join(ROOT, 'dist/commands/audit-command.js'));
    expect(graph).toContain('report/users-csv.js');
    expect(graph).toContain('looker/client.js');
    for (const lazy of ['report/table.js', 'report/users.js', 'report/markdown.js', 'report/index.js'])
      expect(graph).not.toContain(lazy);
  });

  it('--help loads neither child_process nor a TTY stream (commander needs child_process only for executables)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'looker-audit-modules-'));
    const probe = join(dir, 'probe.cjs');
    const list = join(dir, 'modules.json');
    writeFileSync(
      probe,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const run = spawnSync(process.execPath, ['--require', probe, join(ROOT, 'bin/looker-audit.js'), '--help'], {
      encoding: 'utf8',
    });
    const loaded = JSON.parse(readFileSync(list, 'utf8')) as string[];
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: looker-audit');
    expect(loaded).toContain('NativeModule internal/modules/esm/loader');
    expect(loaded.filter((m) => /child_process|dgram|tty/.test(m))).toEqual([]);
  });
});
