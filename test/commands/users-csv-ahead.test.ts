/**
 * `users --format csv` renders its rows while the pages arrive (report/users-csv.ts usersCsvAhead): the file must
 * be the very bytes of the CSV rendered from the finished report, for several accounts fetched at once, with
 * hostile names, and with a filter (where the pieces made ahead do not fit and nothing is made ahead).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../src/cli/run.js';
import { audit } from '../../src/commands/shared/run-audit.js';
import { generateOrganisation, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import type { Io } from '../../src/output/io.js';
import { filterReport } from '../../src/audit/index.js';
import { usersCsvChunks } from '../../src/report/users-csv.js';
import { createWorkspace, configYaml, type Workspace } from '../helpers/workspace.js';

const NOW = new Date('2026-12-01T08:00:00Z');
let ws: Workspace;
const fakes: FakeLooker[] = [];
let config: string;

function memoryIo(cwd: string): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: { NO_COLOR: '1', A_SECRET: 'secret-a', B_SECRET: 'secret-b' },
    cwd,
    home: cwd,
    now: () => NOW,
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  ws = await createWorkspace();
  for (const [i, name] of ['alpha', 'beta'].entries()) {
    const org = generateOrganisation({ seed: 40 + i, users: 2_300 + i * 700, groups: 30, roles: 8, nestingDepth: 3 });
    // Remote text a CSV must neutralise, in the middle of a page.
    const victim = org.users[1_500];
    if (victim) victim.first_name = '=HYPERLINK("http://x")\n,"quoted"';
    fakes.push(
      await startFakeLooker({ org, credentials: [{ clientId: `id-${name}`, clientSecret: `secret-${name[0]}` }] }),
    );
  }
  config = await ws.write(
    'looker-audit.yaml',
    configYaml(
      ['alpha', 'beta'].map((name, i) => ({
        name,
        url: (fakes[i] as FakeLooker).url,
        clientId: `id-${name}`,
        secretEnv: `${name[0]?.toUpperCase()}_SECRET`,
      })),
    ),
  );
});

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  await ws.remove();
});

async function libraryReport() {
  return audit(config, { env: { A_SECRET: 'secret-a', B_SECRET: 'secret-b' }, cwd: ws.dir, now: () => NOW });
}

describe('users --format csv, rendered while the pages arrive', () => {
  it('is byte for byte the CSV of the finished report, two accounts at once', async () => {
    const io = memoryIo(ws.dir);
    expect(await runCli(['users', '-c', config, '-f', 'csv'], io)).toBe(0);
    const expected = [...usersCsvChunks(await libraryReport())].join('');
    expect(io.out()).toBe(expected);
    expect(parse(io.out(), { columns: true })).toHaveLength(2_300 + 3_000);
    expect(io.out()).toContain(`"'=HYPERLINK(""http://x"")`);
  });

  it('with a filter: the filtered rows, the same bytes as rendering the filtered report', async () => {
    const io = memoryIo(ws.dir);
    expect(await runCli(['users', '-c', config, '-f', 'csv', '--license', 'developer'], io)).toBe(0);
    const filtered = filterReport(await libraryReport(), {
      licenses: ['developer'],
      status: 'all',
      inactiveDays: undefined,
      now: NOW,
    });
    expect(io.out()).toBe([...usersCsvChunks(filtered)].join(''));
    const rows = parse(io.out(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.license === 'developer')).toBe(true);
  });
});
