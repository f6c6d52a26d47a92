/**
 * Where the rendered report goes. stdout carries only the report. With --output the file is complete or
 * untouched: when an account failed, the target keeps its previous content and what did succeed is written
 * atomically beside it as `<file>.partial`, so nothing is lost and a cron job never reads a partial report
 * under the expected name.
 */
import { rm, stat } from 'node:fs/promises';
import { writePieces } from '../cli/io.js';
import { ExitCode } from '../errors.js';
import { writeFileAtomic, type Rendered } from '../report/index.js';
import type { AuditRun } from './audit-all.js';
import type { Session } from './session.js';

export async function emitReport(session: Session, run: AuditRun, content: Rendered): Promise<number> {
  const { io, log } = session;
  const failed = run.failures.length > 0;
  for (const failure of run.failures) log.error(failure);
  if (run.outputPath === undefined) {
    await writePieces(io.stdout, content);
  } else if (!failed) {
    await writeFileAtomic(run.outputPath, content);
    await rm(`${run.outputPath}.partial`, { force: true });
    log.info(`Report written to ${run.outputPath}`);
  } else {
    const existed = await stat(run.outputPath).then(
      () => true,
      () => false,
    );
    await writeFileAtomic(`${run.outputPath}.partial`, content);
    log.error(
      `${run.outputPath} ${existed ? 'left unchanged' : 'not written'}; the accounts that succeeded are in ${run.outputPath}.partial`,
    );
  }
  return failed ? ExitCode.account : ExitCode.ok;
}
