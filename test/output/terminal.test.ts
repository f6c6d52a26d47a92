import { describe, expect, it } from '@jest/globals';
import { createChalk, shouldShowProgress, shouldUseColor, terminalWidth } from '../../src/output/terminal.js';

const tty = { isTTY: true, columns: 120, write: () => true };
const pipe = { write: () => true };

describe('shouldUseColor', () => {
  it.each([
    ['a TTY', {}, tty, true, true],
    ['a pipe', {}, pipe, true, false],
    ['--no-color on a TTY', {}, tty, false, false],
    ['NO_COLOR on a TTY', { NO_COLOR: '1' }, tty, true, false],
    ['empty NO_COLOR (ignored, per no-color.org)', { NO_COLOR: '' }, tty, true, true],
    ['FORCE_COLOR on a pipe', { FORCE_COLOR: '1' }, pipe, true, true],
    ['FORCE_COLOR=0 on a TTY', { FORCE_COLOR: '0' }, tty, true, false],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }, tty, true, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, tty, false, false],
    ['TERM=dumb', { TERM: 'dumb' }, tty, true, false],
  ])('%s', (_name, env, stream, flag, expected) => {
    expect(shouldUseColor(env as NodeJS.ProcessEnv, stream, flag)).toBe(expected);
  });

  it('a colourless chalk emits no escape codes', () => {
    expect(createChalk(false).red('x')).toBe('x');
    expect(createChalk(true).red('x')).toContain('\u001b[');
  });
});

describe('shouldShowProgress', () => {
  it('only for the table format on an interactive stderr, not quiet, not CI', () => {
    expect(shouldShowProgress({ stderr: tty, env: {}, format: 'table', quiet: false })).toBe(true);
    expect(shouldShowProgress({ stderr: tty, env: {}, format: 'csv', quiet: false })).toBe(false);
    expect(shouldShowProgress({ stderr: pipe, env: {}, format: 'table', quiet: false })).toBe(false);
    expect(shouldShowProgress({ stderr: tty, env: {}, format: 'table', quiet: true })).toBe(false);
    expect(shouldShowProgress({ stderr: tty, env: { CI: 'true' }, format: 'table', quiet: false })).toBe(false);
    // A TTY with no width (e.g. under `script`) would make ora clear lines forever.
    expect(shouldShowProgress({ stderr: { ...tty, columns: 0 }, env: {}, format: 'table', quiet: false })).toBe(false);
  });
});

describe('terminalWidth', () => {
  it('uses the TTY width, then $COLUMNS, then 100', () => {
    expect(terminalWidth(tty, {})).toBe(120);
    expect(terminalWidth(pipe, { COLUMNS: '80' })).toBe(80);
    expect(terminalWidth(pipe, { COLUMNS: 'x' })).toBe(100);
  });
});
