/**
 * One vocabulary (src/vocabulary.ts): the lists are written there and nowhere else in src/, and what derives
 * from them (schemas, help texts, messages) follows them.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildProgram } from '../../src/cli/program.js';
import { snapshotUserSchema } from '../../src/snapshot/schema.js';
import {
  GRANTING_TIERS,
  RECOMMENDATION_KINDS,
  RULE_SET_NAMES,
  TIERS,
  USER_KINDS,
  USER_STATUSES,
  VIOLATION_KINDS,
} from '../../src/vocabulary.js';

const SRC = new URL('../../src/', import.meta.url).pathname;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? sources(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]))),
  );
  return nested.flat().filter((f) => f.endsWith('.ts'));
}

/** Two neighbouring words of one list, quoted, as a second copy of it would spell them. */
const copies = [TIERS, USER_KINDS, USER_STATUSES, RULE_SET_NAMES, VIOLATION_KINDS].map(
  (list) => new RegExp(`['"]${list[0]}['"],\\s*['"]${list[1]}['"]`),
);

describe('vocabulary', () => {
  it('holds the contract words, tiers highest first', () => {
    expect(TIERS).toEqual(['developer', 'standard', 'viewer', 'none']);
    expect(GRANTING_TIERS).toEqual(['developer', 'standard', 'viewer']);
    expect(RECOMMENDATION_KINDS).toEqual(['developer', 'standard', 'viewer', 'reclaim']);
    expect(USER_KINDS).toEqual(['regular', 'embed', 'service', 'looker_support']);
  });

  it('no file in src/ but vocabulary.ts spells out one of its lists', async () => {
    const offenders: string[] = [];
    for (const file of await sources(SRC)) {
      if (file.endsWith('/vocabulary.ts')) continue;
      const text = await readFile(file, 'utf8');
      for (const pattern of copies) if (pattern.test(text)) offenders.push(`${file.slice(SRC.length)}: ${pattern}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the snapshot schema and the help texts follow the lists', () => {
    const license = snapshotUserSchema.shape.license;
    expect(license.options).toEqual([...TIERS]);
    const io = { stdout: { write: () => true }, stderr: { write: () => true } } as never;
    const users = buildProgram(io, () => undefined).commands.find((c) => c.name() === 'users');
    const help = users?.helpInformation() ?? '';
    expect(help).toContain(TIERS.join(' | '));
    expect(help).toContain([...USER_STATUSES, 'all'].join(' | '));
  });
});
