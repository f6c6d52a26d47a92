/**
 * SecretSource -> the client secret, read only at login and never kept, the way sdk-node's
 * `NodeSession._login` re-reads credentials at every login rather than keeping them. Errors name the variable
 * or the file, never a value (not even part of it); they are plain Errors for the caller to wrap in AccountError.
 */
import { constants, open, statSync, type Stats } from 'node:fs';
import { readFile as fsReadFile, stat as fsStat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import type { SecretSource } from './types.js';
import { describeFileError } from '../errors.js';

export interface SecretDeps {
  readonly env: NodeJS.ProcessEnv;
  readonly readFile: (path: string) => Promise<string>;
  /** What the path is (default: fs.stat): a named pipe is read with a time limit, a device is refused. */
  readonly stat?: (path: string) => Promise<Stats>;
  /** How long a named pipe may take to deliver the whole secret (default 10 s). */
  readonly pipeTimeoutMs?: number;
}

/** A Looker client secret is 24 characters; a file much larger than this is not one (and is not read whole). */
export const MAX_SECRET_BYTES = 64 * 1024;
const PIPE_TIMEOUT_MS = 10_000;
const openFd = promisify(open);

/** A problem with the secret file that this module worded itself (and that holds none of its content). */
class SecretFileError extends Error {}

/**
 * A named pipe (`mkfifo`, or `<(vault read ...)` which is /dev/fd/N) read without blocking a thread: a blocking
 * open() waits forever for a writer and a pending fs call keeps the process alive after the run, so the pipe is
 * opened O_NONBLOCK and read as a stream, which a timer can stop. Neither message holds any of what was read.
 */
function readPipe(path: string, timeoutMs: number): Promise<string> {
  return openFd(path, constants.O_RDONLY | constants.O_NONBLOCK).then(
    (fd) =>
      new Promise<string>((resolve, reject) => {
        const socket = new Socket({ fd, readable: true, writable: false });
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const finish = (error: Error | null, text = '') => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          if (error) reject(error);
          else resolve(text);
        };
        const timer = setTimeout(
          () =>
            finish(
              new SecretFileError(
                `client_secret_file ${path} is a named pipe that did not deliver a secret and close within ` +
                  `${Math.round(timeoutMs / 100) / 10} s (is anything writing to it?)`,
              ),
            ),
          timeoutMs,
        );
        socket.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_SECRET_BYTES)
            finish(
              new SecretFileError(`client_secret_file ${path} gave more than 64 KiB: that is not a client secret`),
            );
          else chunks.push(chunk);
        });
        socket.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
        socket.on('error', (error) => finish(Object.assign(new Error('pipe read failed'), { code: codeOf(error) })));
      }),
  );
}

function codeOf(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
}

/** The secret file's content, every wait bounded: a pipe by a timer, a regular file by its size. */
async function readSecretFile(path: string, deps: SecretDeps): Promise<string> {
  let info: Stats | undefined;
  try {
    info = await (deps.stat ?? fsStat)(path);
  } catch {
    // Missing or unreadable: readFile below names the reason, as before.
  }
  if (info?.isFIFO()) return readPipe(path, deps.pipeTimeoutMs ?? PIPE_TIMEOUT_MS);
  if (info && (info.isCharacterDevice() || info.isBlockDevice() || info.isSocket()))
    throw new SecretFileError(`client_secret_file ${path} is a device or socket, not a file`);
  if (info?.isFile() && info.size > MAX_SECRET_BYTES)
    throw new SecretFileError(`client_secret_file ${path} is larger than 64 KiB: that is not a client secret`);
  return deps.readFile(path);
}

const defaultDeps: SecretDeps = { env: process.env, readFile: (path) => fsReadFile(path, 'utf8') };

function reasonOf(error: unknown): string {
  // Only what the error code says: an fs message is safe today, but a custom readFile could put content in it.
  return codeOf(error) === '' ? 'read failed' : describeFileError(error);
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
        content = await readSecretFile(source.path, deps);
      } catch (error) {
        // Our own messages already name the file and the reason (a pipe that never ends, a device).
        if (error instanceof SecretFileError) throw new Error(error.message);
        throw new Error(`cannot read client_secret_file ${source.path}: ${reasonOf(error)}`);
      }
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
