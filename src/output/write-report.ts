/**
 * Where the rendered report goes. stdout carries only the report. With --output:
 * - a regular file (new, or existing, or reached through a symlink, which is followed) is written atomically:
 *   complete or untouched. When an account failed, the target keeps its previous content and what did succeed
 *   is written beside it as `<file>.partial`, so nothing is lost and a cron job never reads a partial report
 *   under the expected name. An existing file keeps its permission bits; a new one gets 0600 (it names every
 *   user) unless --output-mode says otherwise.
 * - a character device, a FIFO or a socket (`/dev/stdout`, `/dev/null`, a named pipe) is written to directly,
 *   like stdout: never replaced, never renamed over.
 */
import { constants, fstat, type Stats } from 'node:fs';
import { access, open, realpath, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stoppedBy, UsageError } from '../errors.js';
import type { Rendered } from '../report/index.js';
import { writePieces } from './io.js';
import type { Output } from './output.js';
import { writeFileAtomic } from './write-atomic.js';
import { writeInPlace } from './write-in-place.js';

export interface ReportTarget {
  /** Absolute --output path (from resolveOutputPath), or undefined for stdout. */
  readonly outputPath: string | undefined;
  /** One line per account that could not be audited; the report then holds only the others. */
  readonly failures: readonly string[];
  /**
   * The report states the failures itself (a Prometheus textfile's failure gauges), so it is complete and replaces
   * the target even then: keeping the old file would hide the failure from the monitoring it feeds.
   */
  readonly failuresInReport?: boolean;
}

/** A path written in place: not a regular file (a device, FIFO or socket), or anything under /dev or /proc. */
async function isStreamTarget(path: string): Promise<boolean> {
  if (/^\/(dev|proc)\//.test(path)) return true;
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && !info.isFile();
}

/**
 * `-o /dev/stdout` (or /dev/fd/1, /proc/self/fd/1, or any path that is this process's standard output): written
 * through the stdout stream. Opening it by name fails when stdout is a socket (ENXIO), and when it is a file
 * opening it again would truncate what the shell's redirection already holds.
 */
async function isOwnStdout(path: string): Promise<boolean> {
  if (/^\/(dev\/stdout|dev\/fd\/1|proc\/self\/fd\/1)$/.test(path)) return true;
  const [target, own] = await Promise.all([
    stat(path).catch(() => undefined),
    new Promise<Stats | undefined>((resolveStat) => fstat(1, (error, info) => resolveStat(error ? undefined : info))),
  ]);
  return target !== undefined && own !== undefined && target.dev === own.dev && target.ino === own.ino;
}

export async function writeReport(output: Output, target: ReportTarget, content: Rendered): Promise<void> {
  const { io, log } = output;
  for (const failure of target.failures) log.error(failure);
  const given = target.outputPath;
  if (given === undefined || (await isOwnStdout(given))) {
    await writePieces(io.stdout, content, io.stop);
    // A reader that stopped reading holds the write up: the user's stop ends it.
    if (io.stop?.aborted) throw stoppedBy(io.stop, 'the report was not written in full');
    return;
  }
  if (await isStreamTarget(given)) {
    await writeInPlace(given, content, { signal: io.stop });
    return;
  }
  // A symlink is followed: its target is replaced atomically and the link stays a link.
  const path = await realpath(given).catch(() => given);
  const options = { newFileMode: output.outputMode, signal: io.stop };
  if (target.failures.length === 0 || target.failuresInReport === true) {
    await writeFileAtomic(path, content, options);
    await rm(`${path}.partial`, { force: true });
    log.info(`Report written to ${given}`);
  } else {
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    await writeFileAtomic(`${path}.partial`, content, options);
    log.error(
      `${given} ${existed ? 'left unchanged' : 'not written'}; the accounts that succeeded are in ${path}.partial`,
    );
  }
}

/** Whether two paths name the same file: the same device and inode where both exist (symlinks, hard links), else
 * the same real path. */
async function sameFile(a: string, b: string, aInfo: Stats | undefined): Promise<boolean> {
  const bInfo = await stat(b).catch(() => undefined);
  if (aInfo !== undefined && bInfo !== undefined) return aInfo.dev === bInfo.dev && aInfo.ino === bInfo.ino;
  const [realA, realB] = await Promise.all([realpath(a).catch(() => a), realpath(b).catch(() => b)]);
  return realA === realB;
}

/**
 * The --output path, checked before any API call is spent: a folder, a missing or unwritable folder, a read-only
 * file, or a path that is one of the files this run reads (`inputs`: the config, a rules file, a secret or CA
 * file, a snapshot, a directory export; relative to `cwd`) is a usage error (exit 2). `-` means stdout (undefined).
 */
export async function resolveOutputPath(
  output: string | undefined,
  cwd: string,
  inputs: readonly string[] = [],
): Promise<string | undefined> {
  if (output === undefined || output === '-') return undefined;
  const path = resolve(cwd, output);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${output}: is a folder, not a file`);
  for (const input of inputs) {
    if (await sameFile(path, resolve(cwd, input), info)) {
      throw new UsageError(`--output ${output}: is ${input}, an input of this run: choose another file`);
    }
  }
  if (/^\/(dev|proc)\//.test(path) || (info !== undefined && !info.isFile())) return path; // written in place
  const real = await realpath(path).catch(() => path);
  try {
    await access(dirname(real), constants.W_OK);
  } catch {
    throw new UsageError(`--output ${output}: the folder ${dirname(real)} does not exist or is not writable`);
  }
  if (info) {
    // Checked by the bits, not access(): as root every file is writable, and a report must not replace a file its
    // owner made read-only.
    if ((info.mode & 0o222) === 0) {
      throw new UsageError(
        `--output ${output}: the file is read-only (mode ${(info.mode & 0o777).toString(8)}): make it writable or choose another`,
      );
    }
    try {
      await access(real, constants.W_OK);
    } catch {
      throw new UsageError(`--output ${output}: the file is not writable`);
    }
  }
  return path;
}
