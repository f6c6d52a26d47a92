/**
 * SecretSource -> the client secret, read only at login and never kept, the way sdk-node's
 * `NodeSession._login` re-reads credentials at every login rather than keeping them. Errors name the variable
 * or the file, never a value (not even part of it); they are plain Errors for the caller to wrap in AccountError.
 */
import { statSync } from 'node:fs';
import type { SecretSource } from './types.js';
import { describeFileError } from '../errors.js';
import { InputProblem, readInputText } from '../input-file.js';

export interface SecretDeps {
  readonly env: NodeJS.ProcessEnv;
  /** How long a named pipe may take to deliver the whole secret (default 10 s). */
  readonly pipeTimeoutMs?: number;
  /** The user's stop: a secret being read from a pipe is given up at once. */
  readonly signal?: AbortSignal;
}

/** A Looker client secret is 24 characters; a file much larger than this is not one (and is not read whole). */
export const MAX_SECRET_BYTES = 64 * 1024;

/** What went wrong with the secret file, in words naming the file and holding none of its content. */
function secretFileMessage(path: string, problem: InputProblem): string {
  switch (problem.kind) {
    case 'pipe-timeout':
      return problem.message.replace(
        /^it is a named pipe that did not deliver its content/,
        `client_secret_file ${path} is a named pipe that did not deliver a secret`,
      );
    case 'too-large':
      return `client_secret_file ${path} is larger than 64 KiB: that is not a client secret`;
    case 'device':
    case 'not-a-file':
      return `client_secret_file ${path} is a device or socket, not a file`;
    case 'folder':
    case 'unreadable':
      return `cannot read client_secret_file ${path}: ${problem.message}`;
  }
}

/**
 * The secret file's content, every wait bounded (src/input-file.ts): a named pipe (`mkfifo`, or
 * `<(vault read ...)`, which is /dev/fd/N) by a timer, a regular file by its size; a device is refused unread.
 * A file of several lines is not a secret (a `.env` file, a key file): refused, so its other lines are never
 * sent to the server as a secret.
 */
async function readSecretFile(path: string, deps: SecretDeps): Promise<string> {
  let text: string;
  try {
    text = await readInputText(path, {
      maxBytes: MAX_SECRET_BYTES,
      pipeTimeoutMs: deps.pipeTimeoutMs,
      signal: deps.signal,
    });
  } catch (error) {
    if (error instanceof InputProblem) throw new Error(secretFileMessage(path, error));
    throw error;
  }
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > 1)
    throw new Error(
      `client_secret_file ${path} holds ${lines.length} lines: it must hold the client secret alone (not shown)`,
    );
  if (text.includes('\u0000') || text.includes('\uFFFD'))
    throw new Error(`client_secret_file ${path} is not text: it must hold the client secret alone (not shown)`);
  return text;
}

const defaultDeps: SecretDeps = { env: process.env };

function reasonOf(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
  return code === '' ? 'read failed' : describeFileError(error);
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
      const content = await readSecretFile(source.path, deps);
      if (content.trim() === '') throw new Error(`client_secret_file ${source.path} is empty`);
      return content.trim();
    }
  }
}

/**
 * A problem that can be told before any network use, or null: an env variable that is unset or empty, a secret
 * file that is missing or a folder. Only presence is checked, no value is read or kept (secrets are read when
 * logging in), so these are configuration errors (exit 2) found before the first call.
 */
export function secretSourceProblem(source: SecretSource, env: NodeJS.ProcessEnv): string | null {
  if (source.kind === 'file') {
    try {
      if (statSync(source.path).isDirectory()) return `client_secret_file ${source.path}: it is a folder, not a file`;
    } catch (error) {
      return `client_secret_file ${source.path}: ${reasonOf(error)}`;
    }
    return null;
  }
  if (source.kind !== 'env') return null;
  const value = env[source.name];
  if (value === undefined) return `environment variable ${source.name} (client_secret_env) is not set`;
  return value.trim() === '' ? `environment variable ${source.name} (client_secret_env) is empty` : null;
}
