/**
 * No function in src/looker is longer than 80 lines, so each part of the client stays readable in one screen or
 * two: a function that grows past it fails here, naming itself. Lengths are measured on the parsed source (swc's
 * parser, the one the tests are compiled with: TypeScript 7 has no JavaScript API), from a function's first line
 * to its last, nested functions counted in their parent too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { parseSync } from '@swc/core';

const LIMIT = 80;
const ROOT = join(import.meta.dirname, '../../src/looker');

const FUNCTION_NODES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassMethod',
  'PrivateMethod',
  'Constructor',
  'MethodProperty',
  'GetterProperty',
  'SetterProperty',
]);

interface Measured {
  readonly where: string;
  readonly lines: number;
  /** The last character of a block body, to prove the spans line up with the text. */
  readonly last: string | undefined;
}

type Node = { readonly type?: string; readonly span?: { start: number; end: number } } & Record<string, unknown>;

function nameOf(node: Node): string {
  const named = (node.identifier ?? node.key) as { value?: unknown } | undefined;
  return typeof named?.value === 'string' ? named.value : `(${node.type})`;
}

/** Every function of `source` with its length in lines. swc spans are 1-based byte offsets. */
function measure(file: string, source: string): Measured[] {
  const bytes = Buffer.from(source, 'utf8');
  const lineAt = (position: number) => {
    let line = 1;
    for (let i = 0; i < position - 1; i++) if (bytes[i] === 0x0a) line++;
    return line;
  };
  const found: Measured[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type !== undefined && FUNCTION_NODES.has(node.type) && node.span !== undefined) {
      const { start, end } = node.span;
      const block =
        node.type !== 'ArrowFunctionExpression' || (node.body as Node | undefined)?.type === 'BlockStatement';
      found.push({
        where: `${file}:${lineAt(start)} ${nameOf(node)}`,
        lines: lineAt(end) - lineAt(start) + 1,
        last: block ? String.fromCharCode(bytes[end - 2] ?? 0) : undefined,
      });
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'span') walk(child);
  };
  walk(parseSync(source, { syntax: 'typescript', target: 'es2022' }).body);
  return found;
}

const files = readdirSync(ROOT).filter((name) => name.endsWith('.ts'));
const measured = files.flatMap((name) => measure(`src/looker/${name}`, readFileSync(join(ROOT, name), 'utf8')));

describe(`functions in src/looker are at most ${LIMIT} lines`, () => {
  it('every one of them', () => {
    const long = measured.filter((m) => m.lines > LIMIT).map((m) => `${m.where}: ${m.lines} lines`);
    expect(long).toEqual([]);
  });

  it('the measure is real: the spans end on the closing brace, and the client facade is found', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(measured.length).toBeGreaterThan(100);
    for (const m of measured) if (m.last !== undefined) expect([m.where, m.last]).toEqual([m.where, '}']);
    expect(measured.find((m) => m.where.endsWith(' createLookerClient'))?.lines).toBeGreaterThan(20);
  });

  it('a function of 81 lines is caught, with non-ASCII text before it (spans count bytes)', () => {
    const body = Array.from({ length: 79 }, (_, i) => `  const v${i} = '…';`).join('\n');
    const source = `// “quoted” …\nexport function tooLong(): void {\n${body}\n}\nconst short = () => 1;\n`;
    expect(measure('x.ts', source).map((m) => [m.where, m.lines])).toEqual([
      ['x.ts:2 tooLong', 81],
      ['x.ts:83 (ArrowFunctionExpression)', 1],
    ]);
  });
});
