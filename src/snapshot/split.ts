/**
 * A snapshot file read in pieces (BENCHMARKS.md, "Growth curve"). Reading a 160 MB snapshot whole held the file three times
 * over for a moment: the bytes read, the text decoded from them (both past V8's regular object size, so freed only
 * by a full collection) and the objects parsed from it; `diff` of two 300,000-user snapshots peaked near 1 GB.
 * Here the bytes go through a small scanner as they are read: the body of each `accounts[i].users` list is parsed
 * piece by piece (the whole elements of each chunk read, as one JSON list), and everything else (the skeleton:
 * the header, the accounts' other fields, each users list left empty) is parsed once at the end. PURE: the caller
 * reads the file and feeds its bytes.
 *
 * JSON's structure is ASCII and UTF-8 never puts an ASCII byte inside a multi-byte character, so cutting the
 * bytes at structural characters never splits a character, and each piece decodes as the whole text would.
 * Whatever the scanner does not expect (not an object at the top, a key given twice where the users lists hang,
 * a piece that is not valid JSON, anything the skeleton's parse refuses) ends it with `undefined`: the caller then
 * reads the file whole, so every message about a broken file is the one its whole text gives.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const [OTHER, IS_QUOTE, IS_BACKSLASH, IS_OPEN, IS_CLOSE_OBJECT, IS_CLOSE_LIST, IS_COMMA] = [0, 1, 2, 3, 4, 5, 6];
const CLASS = new Uint8Array(256);
CLASS[QUOTE] = IS_QUOTE;
CLASS[BACKSLASH] = IS_BACKSLASH;
CLASS[OPEN_OBJECT] = IS_OPEN;
CLASS[OPEN_LIST] = IS_OPEN;
CLASS[CLOSE_OBJECT] = IS_CLOSE_OBJECT;
CLASS[CLOSE_LIST] = IS_CLOSE_LIST;
CLASS[COMMA] = IS_COMMA;
const OBJECT_COMMA = Buffer.from('},');
/** The last byte of `parts` that is not blank, if any. */
function lastNonBlank(parts: readonly Buffer[]): number | undefined {
  for (let p = parts.length - 1; p >= 0; p--) {
    const part = parts[p]!;
    for (let j = part.length - 1; j >= 0; j--) if (!isSpace(part[j]!)) return part[j];
  }
  return undefined;
}
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
// Digits, letters, `+ - .`: what a number, true, false or null is made of.
const isPrimitiveByte = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) ||
  (b >= 0x61 && b <= 0x7a) ||
  (b >= 0x41 && b <= 0x5a) ||
  b === 0x2b ||
  b === 0x2d ||
  b === 0x2e;

/** A frame of the path from the top to the users lists: the document, `accounts`, an account, its `users`. */
type Frame =
  | {
      readonly kind: 'document' | 'account';
      key: string | undefined;
      readonly keys: Set<string>;
      readonly index: number;
    }
  | { readonly kind: 'accounts'; count: number }
  | { readonly kind: 'users'; readonly list: unknown[] };

export interface SnapshotSplitter {
  push(chunk: Uint8Array): void;
  /** The document, its users lists filled in; undefined when the bytes must be read whole (see the file comment). */
  end(): unknown;
}

class Unexpected extends Error {}

/** Where the string that `from` is inside of ends (its closing quote), or -1 when it goes on past the chunk. */
function stringEnd(chunk: Buffer, from: number, state: { escaped: boolean }): number {
  let i = from;
  if (state.escaped) {
    state.escaped = false;
    i += 1;
  }
  for (;;) {
    const quote = chunk.indexOf(QUOTE, i);
    const end = quote === -1 ? chunk.length : quote;
    // The backslashes just before the quote (or the chunk's end): an odd run escapes what follows it.
    let run = 0;
    for (let j = end - 1; j >= i && chunk[j] === BACKSLASH; j--) run += 1;
    if (quote === -1) {
      state.escaped = run % 2 === 1;
      return -1;
    }
    if (run % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** The scan of a users list's body, carried from one chunk to the next. */
interface BodyState {
  inString: boolean;
  /** The chunk ended just after a backslash in a string: the next chunk's first byte is escaped. */
  escaped: boolean;
  depth: number;
  /** The last `,` between two elements in the chunk being scanned, or -1. */
  lastComma: number;
}

/**
 * Scans a users list's body from `from`: the index of its closing `]`, or -1 when the chunk ends first. The hot
 * loop of a large snapshot, kept apart with its state in locals: one table look-up per byte, and most bytes are
 * neither structure nor quote.
 */
function scanBody(chunk: Buffer, from: number, state: BodyState): number {
  const n = chunk.length;
  let inString = state.inString;
  let depth = state.depth;
  let lastComma = state.lastComma;
  let i = from;
  if (inString && state.escaped) i += 1;
  state.escaped = false;
  let end = -1;
  for (; i < n; i++) {
    const c = CLASS[chunk[i]!]!;
    if (c === OTHER) continue;
    if (inString) {
      if (c === IS_BACKSLASH) {
        i += 1; // the escaped byte, whatever it is
        if (i === n) state.escaped = true;
      } else if (c === IS_QUOTE) inString = false;
      continue;
    }
    if (c === IS_QUOTE) inString = true;
    else if (c === IS_OPEN) depth += 1;
    else if (c === IS_COMMA) {
      if (depth === 0) lastComma = i;
    } else if (depth > 0) depth -= 1;
    else if (c === IS_CLOSE_LIST) {
      end = i;
      break;
    } else throw new Unexpected();
  }
  state.inString = inString;
  state.depth = depth;
  state.lastComma = lastComma;
  return end;
}

export function splitSnapshot(): SnapshotSplitter {
  const skeleton: Buffer[] = [];
  const usersOf = new Map<number, unknown[]>();
  const frames: Frame[] = [];
  const string = { escaped: false };
  let failed = false;
  let started = false;
  let bomChecked = false;
  let inString = false;
  // Nesting depth below the current frame: objects and lists the scanner passes over, or inside a users list.
  let depth = 0;
  // A key of the document or of an account, from its opening quote (its bytes from earlier chunks, copied).
  let keyParts: Buffer[] | undefined;
  let keyFrom = 0;
  // What may come next in a followed frame: a key (after `{` or `,`), `:`, a value, an element of `accounts`
  // (after `[` or `,`), or what follows a value (`,` or the frame's end).
  let expecting: 'key' | 'colon' | 'value' | 'element' | 'after' | undefined;
  // The element or key expected follows a `,`: a `]` or `}` there is a trailing comma, which JSON refuses.
  let afterComma = false;
  // Within the chunk being scanned: where the skeleton's bytes not yet kept begin (undefined inside a users list).
  let skeletonFrom: number | undefined = 0;
  // Inside a users list: its body not parsed yet (bytes of earlier chunks, copied; then from bodyFrom in this one),
  // the last `,` between two of its elements in this chunk, and whether a piece of it was parsed already.
  let body: Buffer[] = [];
  let bodyFrom = 0;
  let bodyCut = false;
  const bodyState: BodyState = { inString: false, escaped: false, depth: 0, lastComma: -1 };
  // From a users list's `[` until a guess fails: where its pieces end is guessed, not scanned (see guessBody).
  let guessing = false;

  const top = (): Frame | undefined => frames[frames.length - 1];

  /** The skeleton's bytes from skeletonFrom up to `to`, copied (a view would keep the whole chunk alive). */
  function keep(chunk: Buffer, to: number): void {
    if (skeletonFrom === undefined) return;
    if (to > skeletonFrom) skeleton.push(Buffer.from(chunk.subarray(skeletonFrom, to)));
    skeletonFrom = to;
  }

  /**
   * Whole elements of the users list (their text, without the commas around it) parsed as one JSON list; `atComma`:
   * they end at a `,` (more follow), else at the list's `]`.
   */
  function parseBody(list: unknown[], parts: Buffer[], atComma: boolean): void {
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    if (text.trim() === '') {
      // Nothing between `[` and `]` is an empty list; nothing before or after a `,` is a comma too many.
      if (atComma || bodyCut) throw new Unexpected();
      return;
    }
    const elements = JSON.parse(`[${text}]`) as unknown[];
    for (const element of elements) list.push(element);
    bodyCut = true;
  }

  /** parseBody, or false when the text is not whole elements. */
  function parsed(list: unknown[], parts: Buffer[], atComma: boolean): boolean {
    try {
      parseBody(list, parts, atComma);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The users list's body from `from` without a byte-by-byte scan (the JavaScript loop cost more than the parse):
   * its end guessed at the first `]` after a `}` (or at the first `]` of a list that is only blank), else a cut at
   * the chunk's last `},`. A guess is kept only when JSON.parse takes the text before it as a list of whole
   * elements, which proves the `]` or `,` stands between elements, outside any string: the same answer a scan
   * gives. Returns the list's `]`, 'rest' when the chunk is used up, 'fail' when a guess was wrong.
   */
  function guessBody(list: unknown[], chunk: Buffer, from: number): number | 'rest' | 'fail' {
    for (let at = chunk.indexOf(CLOSE_LIST, from); at !== -1; at = chunk.indexOf(CLOSE_LIST, at + 1)) {
      let j = at - 1;
      while (j >= from && isSpace(chunk[j]!)) j -= 1;
      const before = j >= from ? chunk[j] : lastNonBlank(body);
      // Only blanks since the `[` (an empty list), or since the last `,` (a comma too many: the scan says so).
      if (before === undefined) return bodyCut ? 'fail' : at;
      if (before === CLOSE_OBJECT) {
        return parsed(list, [...body, chunk.subarray(from, at)], false) ? at : 'fail';
      }
    }
    const cut = chunk.lastIndexOf(OBJECT_COMMA);
    if (cut < from) {
      body.push(Buffer.from(chunk.subarray(from)));
      return 'rest';
    }
    if (!parsed(list, [...body, chunk.subarray(from, cut + 1)], true)) return 'fail';
    body = [Buffer.from(chunk.subarray(cut + 2))];
    return 'rest';
  }

  /** A value of a followed frame begins with byte `b` at `i`: follow it, or pass over it. */
  function valueStarts(chunk: Buffer, b: number, i: number): void {
    const frame = top();
    if (frame?.kind === 'document' && frame.key === 'accounts' && b === OPEN_LIST) {
      frames.push({ kind: 'accounts', count: 0 });
      expecting = 'element';
      return;
    }
    if (frame?.kind === 'account' && frame.key === 'users' && b === OPEN_LIST) {
      if (usersOf.has(frame.index)) throw new Unexpected();
      const list: unknown[] = [];
      usersOf.set(frame.index, list);
      frames.push({ kind: 'users', list });
      // The skeleton keeps the `[`, then nothing until the list's `]`.
      keep(chunk, i + 1);
      skeletonFrom = undefined;
      body = [];
      bodyFrom = i + 1;
      Object.assign(bodyState, { inString: false, escaped: false, depth: 0, lastComma: -1 });
      bodyCut = false;
      guessing = true;
      expecting = undefined;
      return;
    }
    if (frame?.kind === 'accounts' && b === OPEN_OBJECT) {
      frames.push({ kind: 'account', key: undefined, keys: new Set(), index: frame.count - 1 });
      expecting = 'key';
      return;
    }
    // Any other value: passed over (into the skeleton) until its end.
    expecting = 'after';
    if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_LIST) depth = 1;
  }

  function close(frame: Frame): void {
    frames.pop();
    expecting = frames.length === 0 ? undefined : 'after';
    if (frame.kind === 'users' || frame.kind === 'accounts') afterComma = false;
  }

  function scan(chunk: Buffer): void {
    if (skeletonFrom !== undefined) skeletonFrom = 0;
    bodyFrom = 0;
    bodyState.lastComma = -1;
    keyFrom = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const frame = top();
      if (frame?.kind === 'users' && guessing) {
        const guessed = guessBody(frame.list, chunk, i);
        if (guessed === 'rest') return;
        if (guessed === 'fail') {
          // Scanned from the last sure point instead: what is left of the body, then the rest of this chunk.
          guessing = false;
          const rest = Buffer.concat([...body, chunk.subarray(i)]);
          body = [];
          scan(rest);
          return;
        }
        body = [];
        close(frame);
        skeletonFrom = guessed; // the `]` closes the list, left empty, in the skeleton
        i = guessed;
        continue;
      }
      if (frame?.kind === 'users') {
        const end = scanBody(chunk, i, bodyState);
        if (end === -1) break;
        parseBody(frame.list, [...body, chunk.subarray(bodyFrom, end)], false);
        body = [];
        close(frame);
        skeletonFrom = end; // the `]` closes the list, left empty, in the skeleton
        i = end;
        continue;
      }
      if (inString) {
        const end = stringEnd(chunk, i, string);
        if (end === -1) break;
        inString = false;
        i = end;
        if (keyParts !== undefined) {
          keyParts.push(chunk.subarray(keyFrom, end + 1));
          const key = JSON.parse(Buffer.concat(keyParts).toString('utf8')) as string;
          keyParts = undefined;
          if (frame?.kind !== 'document' && frame?.kind !== 'account') throw new Unexpected();
          // A key given twice: JSON.parse keeps the last, which the scanner cannot know yet.
          if (frame.keys.has(key)) throw new Unexpected();
          frame.keys.add(key);
          frame.key = key;
          expecting = 'colon';
        }
        continue;
      }
      const b = chunk[i]!;
      if (depth > 0) {
        if (b === QUOTE) inString = true;
        else if (b === OPEN_OBJECT || b === OPEN_LIST) depth += 1;
        else if (b === CLOSE_OBJECT || b === CLOSE_LIST) depth -= 1;
        continue;
      }
      if (isSpace(b)) continue;
      if (!started) {
        started = true;
        if (b !== OPEN_OBJECT) throw new Unexpected();
        frames.push({ kind: 'document', key: undefined, keys: new Set(), index: 0 });
        expecting = 'key';
        continue;
      }
      if (frame === undefined) throw new Unexpected(); // bytes after the document
      switch (expecting) {
        case 'key':
          if (b === QUOTE) {
            inString = true;
            keyParts = [];
            keyFrom = i;
          } else if (b === CLOSE_OBJECT && !afterComma) close(frame);
          else throw new Unexpected();
          afterComma = false;
          break;
        case 'colon':
          if (b !== COLON) throw new Unexpected();
          expecting = 'value';
          break;
        case 'value':
          valueStarts(chunk, b, i);
          break;
        case 'element':
          if (frame.kind !== 'accounts') throw new Unexpected();
          if (b === CLOSE_LIST) {
            if (afterComma) throw new Unexpected();
            close(frame);
          } else {
            afterComma = false;
            frame.count += 1;
            valueStarts(chunk, b, i);
          }
          break;
        case 'after':
          if (b === COMMA) {
            expecting = frame.kind === 'accounts' ? 'element' : 'key';
            afterComma = true;
          } else if (b === CLOSE_OBJECT || b === CLOSE_LIST) close(frame);
          // The rest of a number, true, false or null (the skeleton's parse checks it).
          else if (!isPrimitiveByte(b)) throw new Unexpected();
          break;
        default:
          throw new Unexpected();
      }
    }
    // The chunk ends: keep what is still needed of it, copied (a view would keep the whole chunk alive).
    const frame = top();
    if (frame?.kind === 'users') {
      const { lastComma } = bodyState;
      if (lastComma >= 0) {
        // The whole elements so far are parsed now; what follows the last comma waits for the next chunk.
        parseBody(frame.list, [...body, chunk.subarray(bodyFrom, lastComma)], true);
        body = [Buffer.from(chunk.subarray(lastComma + 1))];
      } else body.push(Buffer.from(chunk.subarray(bodyFrom)));
    } else keep(chunk, n);
    if (keyParts !== undefined) keyParts.push(Buffer.from(chunk.subarray(keyFrom)));
  }

  return {
    push(chunk) {
      if (failed) return;
      let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!bomChecked && bytes.length > 0) {
        bomChecked = true;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      try {
        scan(bytes);
      } catch {
        failed = true;
      }
    },
    end() {
      if (failed || !started || frames.length > 0 || inString || depth > 0) return undefined;
      let document: unknown;
      try {
        document = JSON.parse(Buffer.concat(skeleton).toString('utf8'));
      } catch {
        return undefined;
      }
      const accounts = (document as { accounts?: unknown }).accounts;
      for (const [index, list] of usersOf) {
        const account = Array.isArray(accounts) ? (accounts[index] as { users?: unknown } | undefined) : undefined;
        if (!Array.isArray(account?.users) || account.users.length > 0) return undefined;
        account.users = list;
      }
      return document;
    },
  };
}
