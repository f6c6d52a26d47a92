import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmod, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { noBrowserReason, openBrowser, openerFor, type Spawn } from '../../src/oauth/browser.js';
import { createWorkspace, type Workspace } from '../helpers/workspace.js';

const URL_WITH_SHELL_TEXT = 'https://acme.example/auth?a=1&b=$(touch pwned);c=`id`|d"e\'f';

interface Spawned {
  command: string;
  args: readonly string[];
  options: SpawnOptions;
  child: EventEmitter & { unrefs: number };
}

/** A spawn that records its call and hands back a child the test drives. */
function fakeSpawn(): { spawn: Spawn; calls: Spawned[] } {
  const calls: Spawned[] = [];
  const spawn: Spawn = (command, args, options) => {
    const child = Object.assign(new EventEmitter(), {
      unrefs: 0,
      unref() {
        child.unrefs += 1;
      },
    });
    calls.push({ command, args, options, child });
    return child as unknown as ChildProcess;
  };
  return { spawn, calls };
}

/** A settle timer the test fires by hand. */
function manualWait(): { wait: (ms: number) => Promise<void>; fire: () => void } {
  let fire: () => void = () => undefined;
  return { wait: () => new Promise<void>((resolve) => (fire = resolve)), fire: () => fire() };
}

describe('openerFor', () => {
  it.each([
    ['linux', 'xdg-open', [URL_WITH_SHELL_TEXT]],
    ['freebsd', 'xdg-open', [URL_WITH_SHELL_TEXT]],
    ['darwin', 'open', [URL_WITH_SHELL_TEXT]],
    ['win32', 'rundll32', ['url.dll,FileProtocolHandler', URL_WITH_SHELL_TEXT]],
  ] as const)('on %s runs %s with the URL as one argument', (platform, command, args) => {
    expect(openerFor(platform, URL_WITH_SHELL_TEXT)).toEqual({ command, args });
  });
});

describe('openBrowser', () => {
  const deps = { platform: 'linux' as const, env: { DISPLAY: ':0' } };

  it('spawns without a shell, detached, output ignored', async () => {
    const { spawn, calls } = fakeSpawn();
    const opening = openBrowser(URL_WITH_SHELL_TEXT, { ...deps, spawn, wait: manualWait().wait });
    calls[0]?.child.emit('exit', 0);
    expect(await opening).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ command: 'xdg-open', args: [URL_WITH_SHELL_TEXT] });
    expect(calls[0]?.options).toMatchObject({ shell: false, stdio: 'ignore', detached: true, env: deps.env });
    expect(calls[0]?.child.unrefs).toBe(1);
  });

  it.each([
    [
      'the opener is missing',
      (child: EventEmitter) => child.emit('error', Object.assign(new Error('spawn'), { code: 'ENOENT' })),
    ],
    ['the opener exits with an error', (child: EventEmitter) => child.emit('exit', 3)],
  ])('answers false when %s (the caller prints the URL)', async (_name, fail) => {
    const { spawn, calls } = fakeSpawn();
    const opening = openBrowser('https://acme.example/auth', { ...deps, spawn, wait: manualWait().wait });
    fail(calls[0]?.child as EventEmitter);
    expect(await opening).toBe(false);
  });

  it('answers true for an opener still running after the settle time, and lets it go', async () => {
    const { spawn, calls } = fakeSpawn();
    const timer = manualWait();
    const opening = openBrowser('https://acme.example/auth', { ...deps, spawn, wait: timer.wait });
    timer.fire();
    expect(await opening).toBe(true);
    expect(calls[0]?.child.unrefs).toBe(1);
  });

  it('answers false when spawn itself throws', async () => {
    const spawn: Spawn = () => {
      throw new Error('EAGAIN');
    };
    expect(await openBrowser('https://acme.example/auth', { ...deps, spawn })).toBe(false);
  });

  it.each(['javascript:alert(1)', 'file:///etc/passwd', '-x https://acme.example', ''])(
    'never starts an opener for %j',
    async (url) => {
      const { spawn, calls } = fakeSpawn();
      await expect(openBrowser(url, { ...deps, spawn })).rejects.toThrow(TypeError);
      expect(calls).toHaveLength(0);
    },
  );

  describe('with a real spawn (a stand-in xdg-open on PATH)', () => {
    let ws: Workspace;
    beforeAll(async () => {
      ws = await createWorkspace('looker-audit-browser-');
      const opener = await ws.write(
        'xdg-open',
        `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > "${join(ws.dir, 'args.txt')}"\n`,
      );
      await chmod(opener, 0o700);
    });
    afterAll(() => ws.remove());

    it('passes the URL through untouched, as one argument, with no shell to read it', async () => {
      const opened = await openBrowser(URL_WITH_SHELL_TEXT, {
        platform: 'linux',
        env: { PATH: ws.dir, DISPLAY: ':0' },
        settleMs: 20_000,
      });
      expect(opened).toBe(true);
      expect(await readFile(join(ws.dir, 'args.txt'), 'utf8')).toBe(`1\n${URL_WITH_SHELL_TEXT}\n`);
      expect(await readdir(ws.dir)).not.toContain('pwned');
    });

    it('answers false when there is no opener on PATH', async () => {
      expect(
        await openBrowser('https://acme.example/auth', { platform: 'linux', env: { PATH: join(ws.dir, 'none') } }),
      ).toBe(false);
    });
  });
});

describe('noBrowserReason', () => {
  it.each([
    ['--no-browser', true, { DISPLAY: ':0' }, 'darwin', '--no-browser'],
    [
      'SSH_CONNECTION',
      false,
      { SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22', DISPLAY: ':0' },
      'linux',
      'this is an SSH session',
    ],
    ['SSH_CLIENT on macOS', false, { SSH_CLIENT: '10.0.0.1 5 22' }, 'darwin', 'this is an SSH session'],
    ['SSH_TTY', false, { SSH_TTY: '/dev/pts/1', WAYLAND_DISPLAY: 'wayland-0' }, 'linux', 'this is an SSH session'],
    ['no display on Linux', false, {}, 'linux', 'no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)'],
    [
      'an empty DISPLAY on FreeBSD',
      false,
      { DISPLAY: '' },
      'freebsd',
      'no graphical display (DISPLAY and WAYLAND_DISPLAY are not set)',
    ],
  ] as const)('does not try with %s', (_name, flag, env, platform, reason) => {
    expect(noBrowserReason(flag, env, platform)).toBe(reason);
  });

  it.each([
    ['X11 on Linux', { DISPLAY: ':0' }, 'linux'],
    ['Wayland on Linux', { WAYLAND_DISPLAY: 'wayland-0' }, 'linux'],
    ['macOS without DISPLAY', {}, 'darwin'],
    ['Windows', {}, 'win32'],
    ['an empty SSH variable', { SSH_TTY: '', DISPLAY: ':0' }, 'linux'],
  ] as const)('tries with %s', (_name, env, platform) => {
    expect(noBrowserReason(false, env, platform)).toBeNull();
  });
});
