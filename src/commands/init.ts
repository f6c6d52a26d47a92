/**
 * `init`: writes a starter config (README, "init: a starter config"). On a terminal it asks for what the flags do not give;
 * in a script every missing answer is a usage error, never a prompt that waits forever. The file is created with
 * mode 0600, holds no secret (only the name of the variable holding it), and is loaded back with the config
 * loader before it replaces anything, so init never leaves a config the other commands would refuse.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import {
  defaultAccountName,
  defaultSecretEnv,
  renderStarterConfig,
  STARTER_CHECKS,
  type StarterAccount,
} from '../config/starter.js';
import { UsageError } from '../errors.js';
import { cleanupOnExit, type Io } from '../output/io.js';
import { openOutput } from '../output/output.js';
import type { AccountsOptions, InitOptions } from './shared/options.js';
import type { Outcome } from './shared/outcome.js';

export const DEFAULT_CONFIG_FILE = 'looker-audit.yaml';

/** The questions init asks; the default is @inquirer's, tests pass their own answers. */
export interface Prompter {
  input(question: { message: string; default?: string; validate: (value: string) => true | string }): Promise<string>;
  confirm(question: { message: string; default: boolean }): Promise<boolean>;
}

export interface InitDeps {
  /** Ask on this terminal; default: stdin and stderr are both terminals. */
  readonly interactive?: boolean;
  readonly prompter?: Prompter;
  /** The login test of the new config; default `accounts --test` through `accounts` below. Tests pass their own. */
  readonly testLogin?: (configPath: string, io: Io, options: InitOptions) => Promise<Outcome>;
  /** The `accounts` command, handed in by cli/ so that this command does not import another. */
  readonly accounts?: AccountsCommand;
}

export type AccountsCommand = (options: AccountsOptions, io: Io) => Promise<Outcome>;

/** @inquirer's prompts, loaded only when init asks something (they are not needed to print --help or run a report). */
async function inquirerPrompter(io: Io): Promise<Prompter> {
  const [{ default: input }, { default: confirm }] = await Promise.all([
    import('@inquirer/input'),
    import('@inquirer/confirm'),
  ]);
  // Questions go to stderr, as every message does: stdout stays for results.
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof input>[1];
  return {
    input: (question) => input(question, context),
    confirm: (question) => confirm(question, context),
  };
}

const isCancel = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');

/** Ctrl-C or Ctrl-D at a question before the file is written: nothing was, so say so and stop. */
function cancelled(error: unknown): never {
  if (isCancel(error)) throw new UsageError('init cancelled: nothing was written');
  throw error;
}

async function refuseExisting(path: string, shown: string, force: boolean): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${shown}: is a folder, not a file`);
  if (info && !force) throw new UsageError(`${shown} already exists: pass --force to replace it`);
}

/** Temp file (mode 0600) beside the target, loaded back with the config loader, then renamed over the target. */
async function writeConfig(path: string, text: string, io: Io): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // Removed even if a second Ctrl-C ends the process before the finally below runs.
  cleanupOnExit.paths.add(temp);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A umask cannot widen 0600, but a parent folder's default ACL could: set the bits explicitly.
    await chmod(temp, 0o600);
    await loadConfig({ explicit: temp, env: io.env, cwd: io.cwd, home: io.home });
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
    cleanupOnExit.paths.delete(temp);
  }
}

export async function runInit(options: InitOptions, io: Io, deps: InitDeps = {}): Promise<Outcome> {
  const { log } = openOutput(io, { color: options.color, quiet: options.quiet, verbose: options.verbose });
  const shown = options.output ?? DEFAULT_CONFIG_FILE;
  const path = resolve(io.cwd, shown);
  await refuseExisting(path, shown, options.force);

  // A bad flag is a usage error before any question is asked.
  const flags: Partial<Record<keyof StarterAccount, string>> = {
    url: options.url,
    clientId: options.clientId,
    name: options.name,
    secretEnv: options.secretEnv,
  };
  const FLAG: Record<keyof StarterAccount, string> = {
    url: '--url',
    clientId: '--client-id',
    name: '--name',
    secretEnv: '--secret-env',
  };
  for (const key of Object.keys(FLAG) as (keyof StarterAccount)[]) {
    const value = flags[key];
    const problem = value === undefined ? null : STARTER_CHECKS[key](value);
    if (problem !== null) throw new UsageError(`${FLAG[key]}: ${problem}`);
  }

  const interactive = deps.interactive ?? (io.stdin?.isTTY === true && io.stderr.isTTY === true);
  const missing = (['url', 'clientId'] as const).filter((key) => flags[key] === undefined);
  if (!interactive && missing.length > 0) {
    throw new UsageError(
      `init needs ${missing.map((key) => FLAG[key]).join(' and ')} when it is not run on a terminal (nothing was written)`,
    );
  }
  const prompter = interactive ? (deps.prompter ?? (await inquirerPrompter(io))) : undefined;
  const ask = async (key: keyof StarterAccount, message: string, fallback?: string): Promise<string> => {
    const given = flags[key];
    if (given !== undefined) return given;
    if (prompter === undefined) return fallback ?? '';
    const answer = await prompter
      .input({
        message,
        ...(fallback === undefined ? {} : { default: fallback }),
        validate: (value) => STARTER_CHECKS[key](value) ?? true,
      })
      .catch(cancelled);
    return answer.trim();
  };

  const url = await ask('url', 'Looker URL (e.g. https://acme.cloud.looker.com)');
  const clientId = await ask('clientId', 'API client ID (Admin > Users > Edit Keys)');
  const name = await ask('name', 'A name for this account', defaultAccountName(url));
  const secretEnv = await ask(
    'secretEnv',
    'Name of the environment variable that will hold the client secret',
    defaultSecretEnv(name),
  );

  await writeConfig(path, renderStarterConfig({ name, url, clientId, secretEnv }), io);
  log.info(`Wrote ${shown} (mode 600): account "${name}", secret read from $${secretEnv} at login`);
  const secretSet = (io.env[secretEnv] ?? '') !== '';
  if (!secretSet) log.info(`Next: export ${secretEnv}=<the client secret>   (never stored in the file)`);
  if (path !== resolve(io.cwd, DEFAULT_CONFIG_FILE)) log.info(`Use it with: looker-audit -c ${shown} users`);

  let test = options.test;
  if (!test && prompter !== undefined) {
    if (secretSet) {
      // The file is written by now: Ctrl-C here only skips the test.
      test = await prompter
        .confirm({ message: `Log in to "${name}" now to test it (accounts --test)?`, default: true })
        .catch((error: unknown) => {
          if (isCancel(error)) return false;
          throw error;
        });
    } else {
      log.info(
        `Then test the login with: looker-audit${shown === DEFAULT_CONFIG_FILE ? '' : ` -c ${shown}`} accounts --test`,
      );
    }
  }
  if (!test) return 'ok';
  if (deps.testLogin !== undefined) return deps.testLogin(path, io, options);
  if (deps.accounts === undefined) throw new Error('init --test: neither testLogin nor the accounts command was given');
  const { quiet, verbose, color } = options;
  return deps.accounts({ config: path, accounts: [], quiet, verbose, color, format: 'table', test: true }, io);
}
