/**
 * Where the rendered report goes. stdout carries only the report. With --output the file is complete or
 * untouched: when an account failed, the target keeps its previous content and what did succeed is written
 * atomically beside it as `<file>.partial`, so nothing is lost and a cron job never reads a partial report
 * under the expected name.
 */
import { constants } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Rendered } from '../report/index.js';
import { writePieces } from './io.js';
import type { Output } from './output.js';
import { writeFileAtomic } from './write-atomic.js';

export interface ReportTarget {
  /** Absolute --output path (from resolveOutputPath), or undefined for stdout. */
  readonly outputPath: string | undefined;
  /** One line per account that could not be audited; the report then holds only the others. */
  readonly failures: readonly string[];
}

export async function writeReport(output: Output, target: ReportTarget, content: Rendered): Promise<void> {
  const { io, log } = output;
  for (const failure of target.failures) log.error(failure);
  const path = target.outputPath;
  if (path === undefined) {
    await writePieces(io.stdout, content);
  } else if (target.failures.length === 0) {
    await writeFileAtomic(path, content);
    await rm(`${path}.partial`, { force: true });
    log.info(`Report written to ${path}`);
  } else {
    const existed = await stat(path).then(
      () => true,
      () => false,
    );
    await writeFileAtomic(`${path}.partial`, content);
    log.error(
      `${path} ${existed ? 'left unchanged' : 'not written'}; the accounts that succeeded are in ${path}.partial`,
    );
  }
}

/** An --output path that cannot be written is a usage error found before any API call is spent. */
export async function resolveOutputPath(output: string | undefined, cwd: string): Promise<string | undefined> {
  if (output === undefined) return undefined;
  const path = resolve(cwd, output);
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory()) throw new UsageError(`--output ${output}: is a folder, not a file`);
  try {
    await access(dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`--output ${output}: the folder ${dirname(path)} does not exist or is not writable`);
  }
  if (info) {
    try {
      await access(path, constants.W_OK);
    } catch {
      throw new UsageError(`--output ${output}: the file is not writable`);
    }
  }
  return path;
}
