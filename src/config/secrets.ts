/**
 * SecretSource -> the client secret, read only at login (design.md section 3), the way sdk-node's
 * `NodeSession._login` re-reads credentials at every login rather than keeping them. Errors name the variable
 * or the file, never a value (not even part of it); they are plain Errors for the caller to wrap in AccountError.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import type { SecretSource } from './types.js';

export interface SecretDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => Promise<string>;
}

const defaultDeps: SecretDeps = { env: process.env, readFile: (path) => fsReadFile(path, 'utf8') };

const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
};

function reasonOf(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  // Only the error code: an fs message is safe today, but a custom readFile could put content in its message.
  return FS_REASONS[code] ?? (code === '' ? 'read failed' : code);
}

export async function resolveSecret(source: SecretSource, deps: SecretDeps = defaultDeps): Promise<string> {
  switch (source.kind) {
    case 'literal': {
      if (source.value.trim() === '') throw new Error('client_secret is empty');
      return source.value;
    }
    case 'env': {
      const value = deps.env[source.name];
      if (value === undefined) throw new Error(`environment variable ${source.name} (client_secret_env) is not set`);
      // A trailing newline is an artefact of `export X=$(cat file)`-style setups, never part of a Looker secret.
      if (value.trim() === '') throw new Error(`environment variable ${source.name} (client_secret_env) is empty`);
      return value.trim();
    }
    case 'file': {
      let content: string;
      try {
        content = await deps.readFile(source.path);
      } catch (error) {
        throw new Error(`cannot read client_secret_file ${source.path}: ${reasonOf(error)}`);
      }
      if (content.trim() === '') throw new Error(`client_secret_file ${source.path} is empty`);
      return content.trim();
    }
  }
}

/**
 * A problem that can be told before any network use, or null: an env variable that is unset or empty. Only
 * presence is checked, the value is not kept (secrets are read when logging in). Files are read at login only.
 */
export function secretSourceProblem(source: SecretSource, env: NodeJS.ProcessEnv): string | null {
  if (source.kind !== 'env') return null;
  const value = env[source.name];
  if (value === undefined) return `environment variable ${source.name} (client_secret_env) is not set`;
  return value.trim() === '' ? `environment variable ${source.name} (client_secret_env) is empty` : null;
}
