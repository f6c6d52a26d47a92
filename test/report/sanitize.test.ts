import { describe, it, expect } from '@jest/globals';
import { sanitize } from '../../src/report/sanitize.js';

describe('sanitize', () => {
  it('strips CSI and OSC sequences (colours, screen clears, hyperlinks, window titles)', () => {
    expect(sanitize('\u001b[31mred\u001b[0m \u001b[2Jx \u001b]8;;http://evil.test\u0007link\u001b]8;;\u0007')).toBe(
      'red x link',
    );
  });

  it('removes remaining C0/C1 controls and turns line breaks into spaces', () => {
    expect(sanitize('a\u0000b\u0007c\u007fd\u009be\u0085f')).toBe('abcdef');
    expect(sanitize('one\ntwo\r\nthree\tfour')).toBe('one two  three four');
  });

  it('removes bidi overrides and isolates (Trojan Source)', () => {
    expect(sanitize('admin\u202E\u2066txt.exe\u2069\u200F')).toBe('admintxt.exe');
  });

  it('leaves ordinary text, accents and emoji alone', () => {
    expect(sanitize('Zoë Ñúñez 数据 🚀')).toBe('Zoë Ñúñez 数据 🚀');
  });
});
