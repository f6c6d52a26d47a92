/**
 * `completion bash|zsh|fish`: the scripts are made from commander's own data, so every command and every option
 * of `users` appears in each; bash's script parses (`bash -n`) and completes; zsh and fish check theirs when
 * those shells are installed (Debian's zsh and fish packages), and say so in the title when they are not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';
import { completionSpec } from '../../src/cli/completion-spec.js';
import { runCli } from '../../src/cli/run.js';
import { memoryIo as sharedMemoryIo } from '../helpers/memory-io.js';
import { renderBashCompletion } from '../../src/cli/completion-scripts.js';

const memoryIo = () => sharedMemoryIo(process.cwd());

async function script(shell: string): Promise<string> {
  const io = memoryIo();
  expect(await runCli(['completion', shell], io)).toBe(0);
  expect(io.err()).toBe('');
  return io.out();
}

const program = buildProgram(memoryIo(), () => undefined);
const commandNames = program.commands.map((c) => c.name());
const usersOptions = program.commands
  .find((c) => c.name() === 'users')
  ?.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)) as string[];

const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

describe.each(['bash', 'zsh', 'fish'])('completion %s', (shell) => {
  it('names every command and every option of users', async () => {
    const text = await script(shell);
    expect(commandNames).toEqual(expect.arrayContaining(['users', 'people', 'init', 'completion']));
    for (const name of commandNames) expect(text).toMatch(new RegExp(`\\b${name}\\b`));
    expect(usersOptions).toEqual(expect.arrayContaining(['--license', '--status', '--inactive-days']));
    // fish names options without their dashes (-l license, -s c).
    const spelled = (flag: string): RegExp =>
      shell === 'fish'
        ? new RegExp(flag.startsWith('--') ? ` -l ${flag.slice(2)}\\b` : ` -s ${flag.slice(1)}\\b`)
        : new RegExp(`(^|[\\s'"|(])${flag}\\b`, 'm');
    for (const flag of usersOptions) expect(text).toMatch(spelled(flag));
    // The global options users reads, and the values our parser accepts for --license.
    for (const flag of ['--config', '--format', '--output']) expect(text).toMatch(spelled(flag));
    expect(text).toContain('developer standard viewer none');
  });

  const syntaxCheck = has(shell) ? it : it.skip;
  syntaxCheck(
    `is valid ${shell} syntax (${shell} -n)${has(shell) ? '' : `: skipped, ${shell} is not installed`}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'looker-audit-completion-'));
      const file = join(dir, `looker-audit.${shell}`);
      await writeFile(file, await script(shell));
      const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
      await rm(dir, { recursive: true, force: true });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );
});

describe('the bash script completes', () => {
  const complete = async (...words: string[]): Promise<string[]> => {
    const text = await script('bash');
    const run = `${text}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _looker_audit; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = spawnSync('bash', ['-c', run], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((line) => line !== '');
  };

  it.each([
    [['looker-audit', 'pe'], ['people']],
    [['looker-audit', '-c', 'prod.yaml', 'us'], ['users']],
    [['looker-audit', 'users', '--lic'], ['--license']],
    [['looker-audit', 'users', '--license', 'd'], ['developer']],
    [
      ['looker-audit', 'people', '-f', ''],
      ['table', 'csv', 'json', 'markdown', 'html'],
    ],
    [['looker-audit', 'check', '--fail-on', 'new'], ['new-developer']],
    [
      ['looker-audit', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['looker-audit', 'people', '--dir'], ['--directory']],
  ])('%j -> %j', async (words, expected) => {
    expect(await complete(...words)).toEqual(expected);
  });

  it('offers a command only the global options it reads (diff reads no --config)', async () => {
    const offered = await complete('looker-audit', 'diff', '--');
    expect(offered).toContain('--format');
    expect(offered).not.toContain('--config');
  });
});

const fishTest = has('fish') ? it : it.skip;
describe('the fish script completes', () => {
  fishTest(
    `with fish's own completer (complete -C)${has('fish') ? '' : ': skipped, fish is not installed'}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'looker-audit-completion-'));
      const file = join(dir, 'looker-audit.fish');
      await writeFile(file, await script('fish'));
      const ask = (line: string): string[] => {
        const result = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], {
          encoding: 'utf8',
        });
        expect(result.stderr).toBe('');
        return result.stdout
          .split('\n')
          .map((row) => row.split('\t')[0] ?? '')
          .filter((word) => word !== '');
      };
      expect(ask('looker-audit peo')).toEqual(['people']);
      expect(ask('looker-audit users --license ').sort()).toEqual(['developer', 'none', 'standard', 'viewer']);
      expect(ask('looker-audit people --dir')).toEqual(['--directory']);
      await rm(dir, { recursive: true, force: true });
    },
  );
});

describe('completionSpec', () => {
  it('follows the program it is given: a command added to commander is completed with its options', () => {
    const demo = new Command('looker-audit');
    demo.option('-c, --config <path>', 'config file');
    demo.command('frobnicate').description('a new command').option('--level <n>', 'how much');
    const text = renderBashCompletion(completionSpec(demo));
    expect(text).toContain('frobnicate');
    expect(text).toContain('--level');
    expect(text).toMatch(/frobnicate:--level\) COMPREPLY=\(\); return ;;/);
  });

  it('an unknown shell is a usage error: one line, exit 2', async () => {
    const io = memoryIo();
    expect(await runCli(['completion', 'powershell'], io)).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toMatch(/^looker-audit: .*powershell.*bash, zsh, fish/);
  });
});
