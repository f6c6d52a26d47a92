/**
 * The config layer's only I/O: find the file, read it, parse it, validate it.
 * Every failure is a ConfigError naming the file (exit code 2).
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { ConfigError } from '../errors.js';
import { InputProblem, readInputText } from '../input-file.js';
import { CONFIG_ENV_VAR, defaultCandidates, findConfigFile } from './find.js';
import { parseConfigText } from './parse.js';
import type { AuditConfig } from './types.js';
import { validateConfig } from './validate.js';

export interface ConfigFs {
  readonly exists: (path: string) => boolean;
  readonly readFile: (path: string) => Promise<string>;
  readonly stat: (path: string) => Promise<{ readonly mode: number }>;
}

export interface LoadConfigOptions {
  /** `--config`. */
  readonly explicit?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
  readonly fs?: Partial<ConfigFs>;
  /** Permission bits mean nothing on Windows: the mode check is skipped there. */
  readonly platform?: NodeJS.Platform;
  /** The user's stop: a config being read from a named pipe is given up at once. */
  readonly signal?: AbortSignal;
}

/** A config with hundreds of accounts and allowlists is a few dozen KiB; anything much larger is not a config. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'cannot read: no such file',
  EACCES: 'cannot read: permission denied',
  EPERM: 'cannot read: permission denied',
  EISDIR: 'cannot read: it is a folder, not a file',
};

async function permissionWarning(file: string, config: AuditConfig, fs: ConfigFs): Promise<string | undefined> {
  const literal = config.accounts
    .filter((account) => account.auth !== 'oauth' && account.secret.kind === 'literal')
    .map((account) => account.name);
  if (literal.length === 0) return undefined;
  const mode = (await fs.stat(file).catch(() => undefined))?.mode;
  if (mode === undefined || (mode & 0o077) === 0) return undefined;
  return (
    `${file} holds a literal client_secret (${literal.join(', ')}) and is readable by others than you ` +
    `(mode ${(mode & 0o777).toString(8)}): use client_secret_env, or chmod 600 ${file}`
  );
}

export async function loadConfig(opts: LoadConfigOptions = {}): Promise<AuditConfig> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const home = opts.home ?? os.homedir();
  const nodeFs: ConfigFs = {
    exists: existsSync,
    readFile: (path) => readInputText(path, { maxBytes: MAX_CONFIG_BYTES, signal: opts.signal }),
    stat,
  };
  const fs: ConfigFs = { ...nodeFs, ...opts.fs };

  const file = findConfigFile({ explicit: opts.explicit, env, cwd, home, exists: fs.exists });
  if (file === undefined) {
    const looked = defaultCandidates({ env, cwd, home }).join(', ');
    throw new ConfigError(undefined, [
      `no config file found (looked for ${looked}): pass --config <path> or set ${CONFIG_ENV_VAR}`,
    ]);
  }
  let text: string;
  try {
    text = await fs.readFile(file);
  } catch (error) {
    if (error instanceof InputProblem) throw new ConfigError(file, [`cannot read: ${error.message}`]);
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === '' && error instanceof Error && error.name === 'InterruptedError') throw error;
    throw new ConfigError(file, [READ_ERRORS[code] ?? `cannot read${code ? ` (${code})` : ''}`]);
  }

  const parsed = parseConfigText(text, { file, env });
  let config: AuditConfig;
  try {
    config = validateConfig(parsed.raw, { file, env, home, ...(parsed.locate ? { locate: parsed.locate } : {}) });
  } catch (error) {
    // looker.ini reading problems (bad LOOKERSDK_TIMEOUT, …) are reported with the validation ones, all at once.
    if (error instanceof ConfigError && parsed.problems.length > 0)
      throw new ConfigError(file, [...parsed.problems, ...error.problems]);
    throw error;
  }
  if (parsed.problems.length > 0) throw new ConfigError(file, parsed.problems);

  const modeWarning =
    (opts.platform ?? process.platform) === 'win32' ? undefined : await permissionWarning(file, config, fs);
  return { ...config, warnings: [...parsed.warnings, ...config.warnings, ...(modeWarning ? [modeWarning] : [])] };
}
