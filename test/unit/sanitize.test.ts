import { describe, it, expect } from '@jest/globals';
import { csvText, escapeJsonText, sanitize, sanitizeMultiline } from '../../src/sanitize.js';

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

describe('the rule per format', () => {
  const hostile = 'a\u001b]0;title\u0007b\u001b[1;31mc\u009b2Jd\u202Ee\u2066f\u2069\u007fg\u0000h\ri\nj\tk\u2028l';

  it('terminal: everything removed, tab and line breaks as spaces', () => {
    expect(sanitize(hostile)).toBe('abcdefgh i j k l');
  });

  it('CSV and XML: everything removed, but tab and line breaks kept (CR and CRLF as LF)', () => {
    expect(sanitizeMultiline(hostile)).toBe('abcdefgh\ni\nj\tk\nl');
    expect(sanitizeMultiline('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it.each([
    ['=1+1', "'=1+1"],
    [' =1+1', "' =1+1"],
    ['\u00A0\u3000@SUM(A1)', "'\u00A0\u3000@SUM(A1)"],
    ['\n=cmd', "'\n=cmd"],
    ['\r\n=cmd', "'\n=cmd"],
    ['\t=x', "'\t=x"],
    ['\tplain', "'\tplain"],
    ['-1', "'-1"],
    ['+1', "'+1"],
    ['\uFF1DSUM(A1)', "'\uFF1DSUM(A1)"],
    ['\u0000=cmd', "'=cmd"],
    ['\u001b[31m=red', "'=red"],
    ['plain - name', 'plain - name'],
    ['a=b', 'a=b'],
    ['Zoë Ødegård', 'Zoë Ødegård'],
  ])('CSV cell %j becomes %j', (cell, expected) => {
    expect(csvText(cell)).toBe(expected);
  });

  it('JSON: nothing lost; DEL, C1, U+2028/2029 and bidi controls escaped where JSON.stringify leaves them raw', () => {
    const json = escapeJsonText(JSON.stringify({ name: hostile }));
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(json).toContain('\\u007f');
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(json).toContain('\\u2028');
    expect((JSON.parse(json) as { name: string }).name).toBe(hostile);
  });

  it('plain text in any script passes every rule unchanged', () => {
    for (const text of ['Zoë Ødegård', '李小龍', 'family 👨‍👩‍👧', 'עברית', 'العربية']) {
      expect(sanitize(text)).toBe(text);
      expect(sanitizeMultiline(text)).toBe(text);
      expect(csvText(text)).toBe(text);
      expect(escapeJsonText(JSON.stringify(text))).toBe(JSON.stringify(text));
    }
  });
});

describe('one unsafe-character pattern, server messages included', () => {
  it('a Looker message loses the marks and separators the report formats remove (LRM, RLM, ALM, U+2028/9)', async () => {
    const { serverText } = await import('../../src/looker/errors.js');
    const message = 'Access\u200E denied\u200F for\u061C x\u2028y\u2029z \u202Eevil\u2066';
    const shown = serverText(message, undefined);
    expect(shown).not.toMatch(/[\u200E\u200F\u061C\u2028\u2029\u202A-\u202E\u2066-\u2069]/);
    expect(shown).toBe(sanitize(message).replace(/\s+/g, ' ').trim());
  });
});
