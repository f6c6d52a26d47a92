/**
 * commands/ is a row: each file directly in src/commands/ is one command, and what several need lives in
 * src/commands/shared/. No command imports another command (statically or lazily), and nothing in shared/ imports
 * a command, so running one command never loads another and a change to one cannot break another's behaviour.
 * The type-level half of the format registry is checked here too: a registry must cover its formats exactly.
 */
import { describe, expect, it } from '@jest/globals';
import type { Renderers } from '../../src/commands/shared/formats.js';
import { unhandled } from '../../src/vocabulary.js';
import { importsOf, relativeImports, sourceFiles } from '../helpers/imports.js';

const files = sourceFiles();
const isCommand = (file: string) => /^commands\/[^/]+\.ts$/.test(file);
const isShared = (file: string) => file.startsWith('commands/shared/');

/** The command files that the files passing `which` reach (statically, type-only, re-exported or with import()). */
function commandImports(which: (file: string) => boolean): string[] {
  return files.filter(which).flatMap((file) =>
    importsOf(file)
      .filter((i) => isCommand(i.to) && i.to !== file)
      .map((i) => `${file} imports ${i.to}`),
  );
}

describe('commands/ is a row', () => {
  it('the scan finds the imports it must judge (static, type-only, re-exports and import())', () => {
    const source = [
      "import { a } from './shared/a.js';",
      "import type {\n  B,\n} from './b.js';",
      "export { c } from './c.js';",
      "const { d } = await import('./d.js');",
    ].join('\n');
    expect(relativeImports(source).map((i) => i.specifier)).toEqual(['./shared/a.js', './b.js', './c.js', './d.js']);
  });

  it('no command file imports another command file', () => {
    expect(files.filter(isCommand).length).toBeGreaterThanOrEqual(10);
    expect(commandImports(isCommand)).toEqual([]);
  });

  it('nothing in commands/shared/ imports a command file', () => {
    expect(files.filter(isShared).length).toBeGreaterThan(0);
    expect(commandImports(isShared)).toEqual([]);
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
