/** The logger sanitises remote text first and colours after, so its own colour survives and the remote's does not. */
import { describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/output/log.js';
import { createChalk } from '../../src/output/terminal.js';

function capture() {
  let text = '';
  return { stream: { write: (s: string) => (text += s) }, text: () => text };
}

describe('createLogger', () => {
  it('shows warnings and errors in colour, with escape sequences from remote text removed', () => {
    const err = capture();
    const log = createLogger(err.stream, createChalk(true), { quiet: false, verbose: false });
    log.warn('user \u001b]0;pwned\u0007Mallory has no email');
    log.error('account "prod": \u001b[31mred\u001b[0m text');
    const [warning, error] = err.text().split('\n');
    expect(warning).toBe('\u001b[33mwarning: user Mallory has no email\u001b[39m');
    expect(error).toBe('\u001b[31merror: account "prod": red text\u001b[39m');
  });

  it('without colour prints plain lines; quiet drops warnings and info but keeps errors', () => {
    const err = capture();
    const log = createLogger(err.stream, createChalk(false), { quiet: true, verbose: true });
    log.warn('hidden');
    log.info('hidden');
    log.verbose('hidden');
    log.error('shown');
    expect(err.text()).toBe('error: shown\n');
  });
});
