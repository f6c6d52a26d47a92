/**
 * Opening the system browser on the login page, and when not to try.
 *
 * The opener is started with the URL as one argument, never through a shell: `xdg-open` (Linux and the BSDs),
 * `open` (macOS), and on Windows `rundll32 url.dll,FileProtocolHandler`, as Go's github.com/pkg/browser (which
 * looker-cli uses) does. Windows' own `start` is a cmd.exe built-in: reaching it means a command line that cmd
 * parses, and the `&` between the query's parameters would end the command there.
 *
 * Why not the `open` package: it answers once the opener has been spawned, so a missing or failing xdg-open goes
 * unnoticed, while the login must know, to print the URL and ask for the pasted address instead; it also brings
 * its own xdg-open copy and a PowerShell path on Windows. The spawn below is the part we need, and its failures are
 * ours to see.
 *
 * Not tried at all (the URL is printed instead): `--no-browser`; an SSH session (SSH_CLIENT, SSH_TTY or
 * SSH_CONNECTION set, as looker-cli checks), where a browser would open on the far machine if anywhere; and on
 * Linux and the BSDs, no graphical display (neither DISPLAY nor WAYLAND_DISPLAY).
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface BrowserDeps {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly spawn?: Spawn;
  /** How long the opener has to fail before it counts as started (default 3 s). */
  readonly settleMs?: number;
  readonly wait?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const SETTLE_MS = 3000;
const SSH_VARIABLES = ['SSH_CLIENT', 'SSH_TTY', 'SSH_CONNECTION'] as const;
const DISPLAY_VARIABLES = ['DISPLAY', 'WAYLAND_DISPLAY'] as const;

export function openerFor(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

const isSet = (env: NodeJS.ProcessEnv, name: string) => (env[name] ?? '') !== '';

/** Why no browser should be opened (for the line that prints the URL instead), or null to try. */
export function noBrowserReason(noBrowser: boolean, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (noBrowser) return '--no-browser';
  if (SSH_VARIABLES.some((name) => isSet(env, name))) return 'this is an SSH session';
  if (platform !== 'darwin' && platform !== 'win32' && !DISPLAY_VARIABLES.some((name) => isSet(env, name)))
    return 'no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)';
  return null;
}

/**
 * Starts the opener; true when it started and did not fail within `settleMs` (exit 0, or still running: some
 * openers stay until the browser exits), false when it is missing or exits with an error. Never throws for the
 * opener's failure: the caller then prints the URL.
 */
export async function openBrowser(url: string, deps: BrowserDeps): Promise<boolean> {
  if (!/^https?:\/\//i.test(url)) throw new TypeError('openBrowser: only http(s) URLs are opened');
  const { command, args } = openerFor(deps.platform, url);
  const spawn = deps.spawn ?? (nodeSpawn as Spawn);
  const done = new AbortController();
  const wait = deps.wait ?? ((ms, signal) => sleep(ms, undefined, { signal }));
  let child: ChildProcess;
  try {
    child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false, windowsHide: true, env: deps.env });
  } catch {
    return false;
  }
  const outcome = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
    wait(deps.settleMs ?? SETTLE_MS, done.signal).then(
      () => resolve(true),
      () => undefined,
    );
  });
  done.abort();
  // An opener still running (a browser in the foreground) must not keep this process alive.
  child.unref();
  return outcome;
}
