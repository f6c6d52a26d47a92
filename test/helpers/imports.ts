/**
 * The import graph of src/, read from the sources as text: every `import ... from`, `export ... from` and
 * `import()` with a relative specifier, resolved to the file it names, and whether it brings in types only
 * (erased from the build). For tests of the architecture (docs/architecture.md): what a layer may import.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

export interface SourceImport {
  /** The importing file, relative to src/ (`audit/rules.ts`). */
  readonly from: string;
  /** The imported file, relative to src/ (`looker/types.ts`). */
  readonly to: string;
  /** `import type`, `export type`, or only `type` specifiers: nothing of it is left at run time. */
  readonly typeOnly: boolean;
  /** `import('...')`: loaded when first needed. */
  readonly lazy: boolean;
}

/** Every .ts file under src/, relative to it. */
export function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

const STATIC = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*['"](\.[^'"]+)['"]/gm;
const BARE = /^\s*import\s+['"](\.[^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function typeOnlyClause(keyword: string | undefined, clause: string): boolean {
  if (keyword !== undefined) return true;
  const named = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (named === null) return false;
  const specifiers = (named[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '));
}

/** The relative specifiers a source text imports or re-exports, statically or with import(). */
export function relativeImports(
  text: string,
): { readonly specifier: string; readonly typeOnly: boolean; readonly lazy: boolean }[] {
  return [
    ...[...text.matchAll(STATIC)].map((m) => ({
      specifier: m[4] ?? '',
      typeOnly: typeOnlyClause(m[2], m[3] ?? ''),
      lazy: false,
    })),
    ...[...text.matchAll(BARE)].map((m) => ({ specifier: m[1] ?? '', typeOnly: false, lazy: false })),
    ...[...text.matchAll(DYNAMIC)].map((m) => ({ specifier: m[1] ?? '', typeOnly: false, lazy: true })),
  ];
}

/** The relative imports of one file of src/, each resolved to the file it names. */
export function importsOf(file: string): SourceImport[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  return relativeImports(text).map(({ specifier, typeOnly, lazy }) => ({
    from: file,
    to: relative(SRC, resolve(dirname(join(SRC, file)), specifier)).replace(/\.js$/, '.ts'),
    typeOnly,
    lazy,
  }));
}

/** The layer a file of src/ belongs to: its folder (`audit`), or for a file at the top its name (`vocabulary`). */
export function layerOf(file: string): string {
  const [first = '', ...rest] = file.split('/');
  return rest.length === 0 ? first.replace(/\.ts$/, '') : first;
}
