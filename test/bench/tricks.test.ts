/**
 * bench/tricks.js measures each performance trick against a build without it, made by a patch in bench/tricks/.
 * A patch that no longer applies would make the benchmark fail, or worse, a trick change without its measurement
 * noticing: every patch must apply to the source as it is, and be named in bench/tricks.js, and each must change
 * the source (an empty patch would measure a build against itself).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = join(ROOT, 'bench', 'tricks');
const patches = readdirSync(DIR).filter((f) => f.endsWith('.patch'));
const tricksJs = readFileSync(join(ROOT, 'bench', 'tricks.js'), 'utf8');

describe('the patches that take each performance trick out', () => {
  it('are there, one per trick kept', () => {
    expect(patches.length).toBeGreaterThan(0);
    const named = [...tricksJs.matchAll(/patch: '([^']+)'/g)].map((m) => m[1]).sort();
    expect(named).toEqual([...patches].sort());
  });

  it.each(patches)('%s applies to the source as it is, and changes only src/', (patch) => {
    const file = join(DIR, patch);
    // --check: nothing is written; outside a git repository git apply works as patch(1) does.
    execFileSync('git', ['apply', '--check', file], { cwd: ROOT, stdio: 'pipe' });
    const touched = [...readFileSync(file, 'utf8').matchAll(/^\+\+\+ b\/(\S+)/gm)].map((m) => m[1]);
    expect(touched.length).toBeGreaterThan(0);
    for (const path of touched) expect(path).toMatch(/^src\//);
  });
});
