/**
 * The format registry end to end: every command in every format its registry declares (read from the registry
 * itself, so a format added there is run here too) against the sample instance, in-process, one fake Looker for
 * the file. Each run exits 0 with nothing but the report on stdout, in the format asked for; `--help` and the
 * completion script offer exactly the registry's formats; `-o` picks the format from the file name, writes
 * `accounts` to its file, and refuses an extension that names no format.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { runCli } from '../../src/cli/run.js';
import { COMMAND_FORMATS, DEMO_FORMATS, type FormattedCommand } from '../../src/commands/shared/formats.js';
import { SAMPLE_ACTIVITY_DATE, startFakeLooker, type FakeLooker } from '../../src/fake-looker/index.js';
import type { Format } from '../../src/vocabulary.js';
import { hasStackTrace } from '../helpers/exec.js';
import { memoryIo } from '../helpers/memory-io.js';
import { configYaml, createWorkspace, SAMPLE_ENV, sampleAccount, type Workspace } from '../helpers/workspace.js';
import { DONE, INTENT, lines, RUN } from '../plan/journal-lines.js';

const NOW = `${SAMPLE_ACTIVITY_DATE}T08:00:00Z`;
const env = SAMPLE_ENV;

let ws: Workspace;
let fake: FakeLooker;
/** A user of the sample instance, for `explain`. */
let someone: string;

async function run(argv: readonly string[]) {
  const io = memoryIo(ws.dir, { env, now: NOW });
  const status = await runCli(argv, io);
  return { status, stdout: io.out(), stderr: io.err() };
}

beforeAll(async () => {
  ws = await createWorkspace('looker-audit-formats-');
  fake = await startFakeLooker({ now: () => Date.parse(NOW) });
  await ws.write(
    'looker-audit.yaml',
    configYaml([sampleAccount(fake.url)], 'prices: { developer: 1650, standard: 800, viewer: 400 }\n'),
  );
  const snapshot = await run(['users', '-f', 'json', '-q']);
  expect(snapshot.status).toBe(0);
  const document = JSON.parse(snapshot.stdout) as { accounts: { users: { email: string | null }[] }[] };
  const users = document.accounts[0]?.users ?? [];
  someone = users.find((u) => u.email !== null)?.email ?? '';
  expect(someone).toContain('@');
  // A plan for apply (a dry run), and a journal of one write that was never made, for undo (nothing to put back).
  expect((await run(['plan', '-o', 'plan.json', '-q'])).status).toBe(0);
  const account = { account: 'sample', url: fake.url };
  const before = { is_disabled: false, direct_role_ids: [], direct_group_ids: ['10'], schedules_enabled: ['1'] };
  await ws.write('apply.journal.jsonl', lines(RUN, { ...INTENT, ...account, before }, { ...DONE, account: 'sample' }));
  // The newer snapshot has one user more, so diff has a change to show in every format.
  await ws.write('new.json', snapshot.stdout);
  users.pop();
  await ws.write('old.json', JSON.stringify(document));
});
afterAll(async () => {
  await fake.close();
  await ws.remove();
});

/** What each format's output must be; a Record, so a format added to the vocabulary needs its check here. */
const RECOGNISE: Record<Format, (text: string) => void> = {
  // Box-drawn; a view with nothing to list (check without a violation) says what passed, in words.
  table: (text) => {
    expect(() => JSON.parse(text)).toThrow();
    if (text.includes('┌')) expect(text).toMatch(/^│.*│$/m);
    else expect(text.trim()).toMatch(/^[a-z][^\n|<#{]*: passed: /);
  },
  csv: (text) => {
    const [header, ...rows] = parseCsv(text, { relax_column_count: false }) as string[][];
    expect(header?.every((cell) => /^[a-z][a-z_]*$/.test(cell))).toBe(true);
    for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
  },
  json: (text) => {
    expect(typeof JSON.parse(text)).toBe('object');
  },
  html: (text) => {
    expect(text).toMatch(/^<!doctype html>/i);
    expect(text.trimEnd()).toMatch(/<\/html>$/);
  },
  markdown: (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(new MarkdownIt().render(text)).toMatch(/<(table|h[1-6])>/);
  },
  prometheus: (text) => {
    const families = parsePrometheusTextFormat(text) as { name: string }[];
    expect(families.map((f) => f.name)).toContain('looker_audit_seats');
  },
  junit: (text) => {
    const xml = new XMLParser().parse(text) as Record<string, unknown>;
    expect(Object.keys(xml)).toContain('testsuites');
  },
};

/** The arguments that make each command run without a violation (check exits 1 on one). */
const ARGS: Record<FormattedCommand, () => string[]> = {
  users: () => ['users'],
  summary: () => ['summary'],
  roles: () => ['roles'],
  groups: () => ['groups'],
  explain: () => ['explain', someone],
  check: () => ['check', '--max-developers', '1000'],
  diff: () => ['diff', 'old.json', 'new.json'],
  accounts: () => ['accounts'],
  rightsize: () => ['rightsize'],
  report: () => ['report'],
  people: () => ['people'],
  plan: () => ['plan'],
  apply: () => ['apply', 'plan.json'],
  undo: () => ['undo', 'apply.journal.jsonl'],
};

const cases = [
  ...Object.entries(COMMAND_FORMATS).flatMap(([command, formats]) =>
    formats.map((format): [string, Format, () => string[]] => [command, format, ARGS[command as FormattedCommand]]),
  ),
  ...Object.entries(DEMO_FORMATS).flatMap(([command, formats]) =>
    formats.map((format): [string, Format, () => string[]] => [`demo ${command}`, format, () => ['demo', command]]),
  ),
];

describe('every command in every format its registry declares', () => {
  it('covers every command of the registry', () => {
    expect(new Set(cases.map(([command]) => command.split(' ')[0]))).toEqual(
      new Set([...Object.keys(COMMAND_FORMATS), 'demo']),
    );
  });

  it.each(cases)('%s -f %s: exit 0, the report in that format on stdout', async (_name, format, args) => {
    const r = await run([...args(), '-f', format, '-q']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    RECOGNISE[format](r.stdout);
  });
});

describe('--help and completion read the registry', () => {
  it.each(Object.entries(COMMAND_FORMATS))('%s --help lists its formats', async (command, formats) => {
    const r = await run([command, '--help']);
    expect(r.stdout).toContain(`Formats (-f): ${formats.join(' | ')} (default ${formats[0]})`);
  });

  it('demo --help lists the formats of the command it runs, and no other', async () => {
    const r = await run(['demo', '--help']);
    for (const [command, formats] of Object.entries(DEMO_FORMATS))
      expect(r.stdout).toContain(`Formats (-f) of demo ${command}: ${formats.join(' | ')} (default`);
    expect(r.stdout).not.toMatch(/^Formats \(-f\): /m);
  });

  it('the bash script completes -f with exactly each command its formats', async () => {
    const script = (await run(['completion', 'bash'])).stdout;
    for (const [command, formats] of Object.entries(COMMAND_FORMATS))
      expect(script).toContain(`${command}:-f|${command}:--format) COMPREPLY=($(compgen -W "${formats.join(' ')}"`);
  });
});

describe('--output and the format registry', () => {
  it('accounts -o x.json writes the file (JSON, from the extension) and nothing on stdout', async () => {
    const r = await run(['accounts', '-o', 'accounts.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Report written to \S*accounts\.json\n$/);
    const written = JSON.parse(await readFile(join(ws.dir, 'accounts.json'), 'utf8')) as {
      accounts: { name: string }[];
    };
    expect(written.accounts.map((a) => a.name)).toEqual(['sample']);
  });

  it('accounts -o refuses the config file, like every command that reads it', async () => {
    const r = await run(['accounts', '-f', 'table', '-o', 'looker-audit.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^looker-audit: --output looker-audit\.yaml: is .*, an input of this run/);
  });

  it.each([
    ['users', '.csv, .json, .html or .htm (no extension or .txt: table)'],
    ['check', '.csv, .json, .xml or .md (no extension or .txt: table)'],
    ['report', '.html or .htm (no extension or .txt: html)'],
  ])(
    '%s -o report.xyz without -f: exit 2 before any API call, naming the extensions it writes',
    async (command, listed) => {
      const before = fake.requests.length;
      const r = await run([command, '-o', 'report.xyz']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `looker-audit: --output report.xyz: .xyz names no format; ${command} writes ${listed}, or choose one with -f\n`,
      );
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(fake.requests.length).toBe(before);
      expect(await readdir(ws.dir)).not.toContain('report.xyz');
    },
  );

  it('with -f the extension may name no format; .txt and no extension take the default', async () => {
    expect((await run(['summary', '-f', 'csv', '-o', 'seats.xyz', '-q'])).status).toBe(0);
    RECOGNISE.csv(await readFile(join(ws.dir, 'seats.xyz'), 'utf8'));
    expect((await run(['summary', '-o', 'seats.txt', '-q'])).status).toBe(0);
    RECOGNISE.table(await readFile(join(ws.dir, 'seats.txt'), 'utf8'));
    expect((await run(['summary', '-o', 'seats', '-q'])).status).toBe(0);
    RECOGNISE.table(await readFile(join(ws.dir, 'seats'), 'utf8'));
  });
});
