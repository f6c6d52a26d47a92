/**
 * commands/ is a row: each file directly in src/commands/ is one command, and what several need lives in
 * src/commands/shared/. No command imports another command (statically or lazily), and nothing in shared/ imports
 * a command, so running one command never loads another and a change to one cannot break another's behaviour.
 * The type-level half of the format registry is checked here too: a registry must cover its formats exactly.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { Renderers } from '../../src/commands/shared/formats.js';
import { unhandled } from '../../src/vocabulary.js';

const COMMANDS = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/commands');
const SHARED = join(COMMANDS, 'shared');

/** Every module specifier a file imports or re-exports, statically or with import(). */
function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/gms),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1] as string);
}

const tsFiles = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => e.name);

/** The command files each file reaches, resolved against its own folder. */
async function commandImports(dir: string, commands: ReadonlySet<string>): Promise<string[]> {
  const offences: string[] = [];
  for (const name of await tsFiles(dir)) {
    const source = await readFile(join(dir, name), 'utf8');
    for (const specifier of specifiers(source)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dir, specifier).replace(/\.js$/, '.ts');
      if (dirname(target) === COMMANDS && commands.has(basename(target)) && target !== join(dir, name))
        offences.push(`${join(dir, name).slice(COMMANDS.length + 1)} imports ${specifier}`);
    }
  }
  return offences;
}

describe('commands/ is a row', () => {
  it('the scan finds the imports it must judge (static, type-only, re-exports and import())', () => {
    const source = [
      "import { a } from './shared/a.js';",
      "import type {\n  B,\n} from './b.js';",
      "export { c } from './c.js';",
      "const { d } = await import('./d.js');",
    ].join('\n');
    expect(specifiers(source)).toEqual(['./shared/a.js', './b.js', './c.js', './d.js']);
  });

  it('no command file imports another command file', async () => {
    const commands = new Set(await tsFiles(COMMANDS));
    expect(commands.size).toBeGreaterThanOrEqual(10);
    expect(await commandImports(COMMANDS, commands)).toEqual([]);
  });

  it('nothing in commands/shared/ imports a command file', async () => {
    const commands = new Set(await tsFiles(COMMANDS));
    expect(await commandImports(SHARED, commands)).toEqual([]);
  });
});

describe('the format registry is exact, by type', () => {
  it('a registry must name a renderer for each of its formats, and no other', () => {
    const render = () => '';
    // @ts-expect-error: explain writes table and json; a registry without json does not compile.
    const missing: Renderers<'explain', unknown> = { table: render };
    // @ts-expect-error: explain writes no csv; a renderer for it does not compile.
    const extra: Renderers<'explain', unknown> = { table: render, json: render, csv: render };
    const exact: Renderers<'explain', unknown> = { table: render, json: render };
    expect(Object.keys(exact)).toEqual(['table', 'json']);
    expect([missing, extra]).toHaveLength(2);
  });

  it('unhandled() ends a switch over a kind: unreachable by type, and loud if reached anyway', () => {
    expect(() => unhandled('surprise' as never)).toThrow('unhandled vocabulary word: surprise');
  });
});
