/**
 * snapshot/split.ts: a snapshot file parsed from its bytes as they are read. Whatever the chunk
 * boundaries, the document is JSON.parse's of the whole text, or undefined (the caller then reads the file whole);
 * for the files the tool writes it is never undefined, and for text that is not JSON it always is.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failedAccount } from '../../src/audit/account.js';
import { readSnapshotFile } from '../../src/commands/shared/read-snapshot.js';
import { generateOrganisation } from '../../src/fake-looker/index.js';
import { InputFileError } from '../../src/errors.js';
import { usersJsonChunks } from '../../src/report/json.js';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import { splitSnapshot } from '../../src/snapshot/split.js';
import { auditOrganisation, reportOf } from '../helpers/org-report.js';

function split(text: string, size: number): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = splitSnapshot();
  for (let i = 0; i < bytes.length; i += size) splitter.push(bytes.subarray(i, i + size));
  return splitter.end();
}

const SIZES = [1, 2, 3, 5, 7, 64, 1000, 1 << 20];

// Names that put JSON's own characters where a scanner can stumble: quotes, backslashes (also just before a
// quote), brackets, commas and colons inside strings, escapes, multi-byte characters, lone surrogates.
const TRICKY = ['a"b', 'back\\', '\\\\"', 'x\\"]},', '[{"users": []}]', 'é,ü:李', '🚀\u0000\u001b', '\uD800', ''];

function hostileSnapshot(): string {
  const org = generateOrganisation({ seed: 9, users: 300, groups: 12 });
  const named = {
    ...org,
    groups: org.groups.map((g, i) => ({ ...g, name: `${g.name}${TRICKY[i % TRICKY.length]}` })),
    users: org.users.map((u, i) => ({ ...u, first_name: TRICKY[i % TRICKY.length] ?? '', last_name: `"${i}"\\` })),
  };
  const report = reportOf([
    auditOrganisation(named),
    failedAccount('down', 'https://down.test', 'login refused', 1),
    auditOrganisation(generateOrganisation({ seed: 2, users: 5, groups: 2 }), 'users', 'https://users.test'),
  ]);
  return [...usersJsonChunks(report)].join('');
}

describe('splitSnapshot', () => {
  it('parses a snapshot the tool wrote, at any chunk size, as JSON.parse does', () => {
    const text = hostileSnapshot();
    const whole: unknown = JSON.parse(text);
    for (const size of SIZES) expect(split(text, size)).toEqual(whole);
    // Minified (jq -c) and with a byte order mark.
    const minified = JSON.stringify(whole);
    for (const size of [1, 3, 4096]) expect(split(minified, size)).toEqual(whole);
    expect(split(`\uFEFF${text}`, 4096)).toEqual(whole);
  });

  it.each([
    ['empty users lists', '{"accounts":[{"users":[]},{"users":[ \n ]}]}'],
    ['users that is not a list', '{"accounts":[{"users":{}},{"users":7},{"users":null},{"name":"x"}]}'],
    ['accounts of other kinds', '{"accounts":[7,"x",null,[1,[2]],{"users":[1,"two",[3],{"a":[4]}]}]}'],
    ['accounts that is not a list', '{"accounts":{"users":[1,2]},"users":[3]}'],
    ['an escaped key', '{"acc\\u006funts":[{"us\\u0065rs":[{"id":"1"}],"n":-1.5e3}],"t":true,"f":false}'],
    ['strings with structure in them', '{"a":"]}{[,:\\"","accounts":[{"x":"\\\\","users":["\\\\",",]","}"]}]}'],
    ['a users list before and after other keys', '{"accounts":[{"a":{"users":[9]},"users":[{"u":[]}],"z":[]}]}'],
  ])('%s: the document of JSON.parse, at any chunk size', (_, text) => {
    const whole: unknown = JSON.parse(text);
    for (const size of SIZES) expect(split(text, size)).toEqual(whole);
  });

  it.each([
    ['a key given twice at the top', '{"accounts":[],"accounts":[{"users":[1]}]}'],
    ['a users key given twice', '{"accounts":[{"users":[1],"users":[2]}]}'],
    ['a list at the top', '[{"accounts":[{"users":[1]}]}]'],
    ['a string at the top', '"accounts"'],
  ])('%s: undefined (read whole instead), never another answer than JSON.parse', (_, text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    for (const size of SIZES) expect(split(text, size)).toBeUndefined();
  });

  it.each([
    ['a trailing comma in users', '{"accounts":[{"users":[{"id":1},]}]}'],
    ['a leading comma in users', '{"accounts":[{"users":[,{"id":1}]}]}'],
    ['two commas in users', '{"accounts":[{"users":[{"id":1},,{"id":2}]}]}'],
    ['a missing comma in users', '{"accounts":[{"users":[{"id":1} {"id":2}]}]}'],
    ['a lone comma in users', '{"accounts":[{"users":[,]}]}'],
    ['a trailing comma in accounts', '{"accounts":[{"users":[]},]}'],
    ['a trailing comma at the top', '{"accounts":[],}'],
    ['text after the document', '{"accounts":[]} x'],
    ['an unterminated string', '{"accounts":[{"users":["abc]}]}'],
    ['an unclosed users list', '{"accounts":[{"users":[{"id":1}'],
    ['a bad element', '{"accounts":[{"users":[{"id":01}]}]}'],
    ['nothing', '   '],
  ])('%s: undefined, as JSON.parse refuses it', (_, text) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    for (const size of SIZES) expect(split(text, size)).toBeUndefined();
  });
});

describe('readSnapshotFile', () => {
  it('reads a file as parseSnapshot reads its text; a broken one gives the same message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'looker-audit-split-'));
    try {
      const text = hostileSnapshot();
      await writeFile(join(dir, 'good.json'), text);
      expect(await readSnapshotFile(dir, 'good.json')).toEqual(parseSnapshot(text, 'good.json'));
      const broken = text.replace('"license": "', '"license": "gold-');
      const bad = text.replace(/\}\n\s*\]\n\s*\}/, '},]}');
      expect(broken).not.toBe(text);
      expect(bad).not.toBe(text);
      for (const [file, content] of [
        ['tier.json', broken],
        ['comma.json', bad],
        ['cut.json', text.slice(0, 5000)],
      ] as const) {
        await writeFile(join(dir, file), content);
        const read = await readSnapshotFile(dir, file).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(read).toBeInstanceOf(InputFileError);
        expect(() => parseSnapshot(content, file)).toThrow((read as Error).message);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a pipe once, whole: what it says of a broken one is what parseSnapshot says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'looker-audit-fifo-'));
    try {
      const text = hostileSnapshot();
      for (const content of [text, text.slice(0, 3000)]) {
        execFileSync('mkfifo', [join(dir, 'p.json')]);
        const writing = writeFile(join(dir, 'p.json'), content);
        const read = await readSnapshotFile(dir, 'p.json').then(
          (doc) => doc,
          (e: unknown) => e,
        );
        await writing;
        await rm(join(dir, 'p.json'));
        if (content === text) expect(read).toEqual(parseSnapshot(text, 'p.json'));
        else {
          expect(read).toBeInstanceOf(InputFileError);
          expect((read as Error).message).toMatch(/^p\.json: not JSON/);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
