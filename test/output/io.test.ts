/** writePieces: a report in pieces waits for 'drain' on a stream that asks it to, and stops when the reader goes. */
import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { writePieces } from '../../src/output/io.js';

/** A slow stream of 4 bytes' buffer: every 8-byte piece makes write() return false. */
function slowStream(received: string[], buffered: number[]): Writable {
  const stream = new Writable({
    highWaterMark: 4,
    write(chunk: Buffer, _encoding, done) {
      received.push(chunk.toString());
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  Object.assign(stream, {
    write: (chunk: string) => {
      buffered.push(stream.writableLength);
      return write(chunk);
    },
  });
  return stream;
}

describe('writePieces', () => {
  it('waits for drain between pieces: never more than one piece queued, all arrive in order', async () => {
    const received: string[] = [];
    const buffered: number[] = [];
    const pieces = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd'];
    await writePieces(slowStream(received, buffered), pieces);
    expect(buffered).toEqual([0, 0, 0, 0]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual(pieces);
  });

  it('stops, without hanging, when the stream is destroyed while it waits', async () => {
    const received: string[] = [];
    const stream = slowStream(received, []);
    let made = 0;
    function* pieces(): Generator<string> {
      for (;;) {
        made++;
        if (made === 2) setImmediate(() => stream.destroy());
        yield 'xxxxxxxx';
        if (made > 100) throw new Error('kept writing to a destroyed stream');
      }
    }
    await writePieces(stream, pieces());
    expect(made).toBeLessThanOrEqual(3);
  });

  it('a plain writer without events gets every piece at once', async () => {
    const out: string[] = [];
    await writePieces({ write: (c: string) => out.push(c) }, ['a', 'b']);
    await writePieces({ write: (c: string) => out.push(c) }, 'whole');
    expect(out).toEqual(['a', 'b', 'whole']);
  });
});
