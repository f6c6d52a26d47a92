/**
 * Where the config file is (`--config`, the README's "Global options"). Pure given its dependencies: the caller passes
 * the environment, the working and home folders and an `exists` probe, so tests need no real home folder.
 *
 * Order, first hit wins:
 *   1. `--config <path>`                      (must exist: a typo must not silently fall through to another file)
 *   2. `$LOOKER_AUDIT_CONFIG`                  (must exist, same reason)
 *   3. `./looker-audit.yaml`, then `./looker-audit.yml`, then `./looker-audit.json`
 *   4. `$XDG_CONFIG_HOME/looker-audit/config.yaml` (`.yml`, `.json`), XDG_CONFIG_HOME defaulting to `~/.config`
 *      as the XDG base-directory spec says, so the design's `~/.config/looker-audit/config.yaml` is the default
 *   5. `./looker.ini`                          (the Looker SDK's own file, last: it is usually there for other tools)
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';

export const CONFIG_ENV_VAR = 'LOOKER_AUDIT_CONFIG';
const EXTENSIONS = ['yaml', 'yml', 'json'] as const;

export interface FindConfigOptions {
  readonly explicit?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly home: string;
  readonly exists: (path: string) => boolean;
}

/** `~/x` -> `<home>/x`: a quoted env value or a config file path is not expanded by the shell. */
export function expandHome(file: string, home: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
  return file;
}

/** Every place looked at, in order, after the explicit/env steps: for the "no config file found" message. */
export function defaultCandidates(opts: Pick<FindConfigOptions, 'env' | 'cwd' | 'home'>): string[] {
  const configHome = opts.env.XDG_CONFIG_HOME
    ? path.resolve(opts.env.XDG_CONFIG_HOME)
    : path.join(opts.home, '.config');
  return [
    ...EXTENSIONS.map((ext) => path.join(opts.cwd, `looker-audit.${ext}`)),
    ...EXTENSIONS.map((ext) => path.join(configHome, 'looker-audit', `config.${ext}`)),
    path.join(opts.cwd, 'looker.ini'),
  ];
}

export function findConfigFile(opts: FindConfigOptions): string | undefined {
  const named: Array<{ value: string | undefined; source: string }> = [
    { value: opts.explicit, source: '--config' },
    { value: opts.env[CONFIG_ENV_VAR], source: `$${CONFIG_ENV_VAR}` },
  ];
  for (const { value, source } of named) {
    if (value === undefined || value === '') continue;
    const file = path.resolve(opts.cwd, expandHome(value, opts.home));
    if (!opts.exists(file)) throw new ConfigError(file, [`file not found (given by ${source})`]);
    return file;
  }
  return defaultCandidates(opts).find((file) => opts.exists(file));
}
