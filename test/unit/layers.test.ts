/**
 * The layers of docs/architecture.md, as the build sees them: each folder under src/ imports only from the layers
 * the table below allows (some for types only, which the build erases), data flows one way, and the pure core
 * (audit/, report/, snapshot/) reaches no Node module that does I/O.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { importsOf, layerOf, sourceFiles, SRC } from '../helpers/imports.js';

/**
 * Top-level modules that belong to no layer: small rules every layer may use. They import nothing but each other.
 */
const NEUTRAL = ['vocabulary', 'errors', 'days', 'counts', 'usage-window', 'sanitize', 'input-file', 'json-document'];

/** What each layer may import besides itself and the neutral modules: values, and types only. */
const MAY_IMPORT: Readonly<Record<string, { readonly values: readonly string[]; readonly types?: readonly string[] }>> =
  {
    config: { values: [] },
    snapshot: { values: [] },
    // The remediation plan file and the apply journal: a contract like the snapshot's.
    plan: { values: [], types: ['snapshot'] },
    'fake-looker': { values: [] },
    looker: { values: ['config'] },
    audit: { values: ['config', 'snapshot', 'plan'], types: ['looker'] },
    report: { values: ['audit', 'snapshot'], types: ['config', 'plan'] },
    output: { values: ['report', 'plan'] },
    // OAuth login (PKCE, the loopback listener, the browser, the token store): beside looker/, below commands/.
    oauth: { values: ['output', 'report'], types: ['looker'] },
    commands: {
      values: ['audit', 'config', 'fake-looker', 'looker', 'oauth', 'output', 'plan', 'report', 'snapshot'],
    },
    cli: { values: ['commands', 'output', 'report'] },
    index: { values: ['audit', 'commands', 'config', 'looker', 'snapshot'] },
  };

/** Node modules the pure layers may use: hashing and string helpers, no file, network or process I/O. */
const PURE = ['audit', 'plan', 'report', 'snapshot'];
const PURE_NODE_MODULES = ['node:crypto', 'node:util'];

const files = sourceFiles();

describe('layers (docs/architecture.md)', () => {
  it('every file of src/ is in a known layer or is a neutral module', () => {
    const unknown = files.map(layerOf).filter((l) => !NEUTRAL.includes(l) && MAY_IMPORT[l] === undefined);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('each layer imports only what the table allows', () => {
    const breaches = files.flatMap((file) =>
      importsOf(file).flatMap((i) => {
        const from = layerOf(i.from);
        const to = layerOf(i.to);
        if (from === to || NEUTRAL.includes(to)) return [];
        if (NEUTRAL.includes(from)) return [`${i.from} -> ${i.to} (a neutral module imports a layer)`];
        const allowed = MAY_IMPORT[from];
        if (allowed?.values.includes(to)) return [];
        if (i.typeOnly && allowed?.types?.includes(to)) return [];
        return [`${i.from} -> ${i.to}${i.typeOnly ? ' (types)' : ''}`];
      }),
    );
    expect(breaches).toEqual([]);
  });

  it('the table itself has no cycle: data flows one way', () => {
    const edges = (layer: string) => [...(MAY_IMPORT[layer]?.values ?? []), ...(MAY_IMPORT[layer]?.types ?? [])];
    const reaches = (from: string, seen = new Set<string>()): Set<string> => {
      for (const to of edges(from))
        if (!seen.has(to)) {
          seen.add(to);
          reaches(to, seen);
        }
      return seen;
    };
    expect(Object.keys(MAY_IMPORT).filter((layer) => reaches(layer).has(layer))).toEqual([]);
  });

  it('the pure core does no I/O: no Node module but hashing and string helpers', () => {
    const found = files
      .filter((file) => PURE.includes(layerOf(file)))
      .flatMap((file) =>
        [...readFileSync(join(SRC, file), 'utf8').matchAll(/(?:from|import\()\s*'(node:[^']+)'/g)]
          .map((m) => m[1] ?? '')
          .filter((module) => !PURE_NODE_MODULES.includes(module))
          .map((module) => `${file}: ${module}`),
      );
    expect(found).toEqual([]);
  });

  it('the scanner sees what it must (imports of every kind, types told apart)', () => {
    const rules = importsOf('audit/rules.ts');
    expect(rules).toContainEqual({ from: 'audit/rules.ts', to: 'looker/types.ts', typeOnly: true, lazy: false });
    expect(rules).toContainEqual({ from: 'audit/rules.ts', to: 'vocabulary.ts', typeOnly: false, lazy: false });
    expect(importsOf('cli/program.ts').filter((i) => i.lazy).length).toBeGreaterThan(5);
  });
});
