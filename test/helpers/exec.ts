/**
 * Spawns the BUILT binary (bin/looker-audit.js -> dist/) in a hermetic environment: no inherited config,
 * no colour unless asked, a temp HOME, so tests never read a developer's real config or credentials.
 * Asynchronous on purpose: the fake Looker server runs in the test process and must keep answering.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/looker-audit.js', import.meta.url));

export interface ExecResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** Kill the child after this many ms (a bound, not a sleep: a hung CLI fails the test instead of hanging it). */
  readonly timeoutMs?: number;
}

export function exec(args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.cwd,
    NO_COLOR: '1',
    TZ: 'UTC',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** No stack trace: no "    at fn (file:line)" frames and no internal-error banner. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || text.includes('internal error');
}
