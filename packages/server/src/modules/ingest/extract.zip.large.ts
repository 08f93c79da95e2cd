import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type yauzl from 'yauzl';
import { releaseSlot, SLOT, type Slot } from './digest.offload.ts';
import type { DigestSink } from './digest.sink.ts';

interface LargeEntry {
  zip: yauzl.ZipFile;
  /** The zip file and its size. */
  file: string;
  zipSize: number;
  e: yauzl.Entry;
  sink: DigestSink;
  /** Counts bytes as they come (throws for a bomb). */
  count: (n: number) => void;
  openStream: (e: yauzl.Entry) => Promise<Readable>;
}

/**
 * A large entry's bytes straight from the zip file: a stored one read in 1 MiB reads right into the slots that
 * SHA-256, SM3 (the worker) and the write then share (three reads ahead), a deflated one inflated in 1 MiB chunks
 * copied into slots. yauzl's own reader moves 16 KiB at a time (131,072 pipeline steps for 2 GiB). Other
 * compression methods go through yauzl, which refuses them.
 */
export async function copyLargeEntry(o: LargeEntry) {
  const { zip, file, zipSize, e, sink, count, openStream } = o;
  let failure: unknown; // pipeline reports its own abort, not the error that stopped the consumer (a bomb)
  const toSink = async (src: AsyncIterable<Buffer>) => {
    try { for await (const c of src) { count(c.length); await sink.write(c); } } catch (err) { failure ??= err; throw err; }
  };
  const run = async (...streams: Readable[]) => { try { await pipeline([...streams, toSink] as never); } catch (err) { throw failure ?? err; } };
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) return run(await openStream(e));
  if (e.compressionMethod === 0 && e.compressedSize !== e.uncompressedSize) throw new Error('a stored entry whose sizes differ');
  const { fileDataStart: start } = await zip.readLocalFileHeaderPromise(e, { minimal: true });
  const len = e.compressedSize;
  if (len === 0 || start + len > zipSize) throw new Error('the entry runs past the end of the zip');
  if (e.compressionMethod === 8) {
    return run(createReadStream(file, { start, end: start + len - 1, highWaterMark: 1 << 20 }), zlib.createInflateRaw({ chunkSize: 1 << 20 }));
  }
  const fd = await fs.open(file, 'r');
  const ahead: Promise<{ s: Slot; n: number }>[] = [];
  let asked = 0;
  const read = async (pos: number) => {
    const s = await sink.slot();
    const n = Math.min(SLOT, len - pos);
    try {
      const { bytesRead } = await fd.read(s.buf, 0, n, start + pos);
      if (bytesRead !== n) throw new Error('the zip ends inside the entry');
      return { s, n };
    } catch (err) {
      releaseSlot(s);
      throw err;
    }
  };
  const ask = () => { while (ahead.length < 3 && asked < len) { const p = read(asked); p.catch(() => undefined); ahead.push(p); asked += Math.min(SLOT, len - asked); } };
  try {
    for (ask(); ahead.length; ask()) {
      const { s, n } = await ahead.shift()!;
      try { count(n); } catch (err) { releaseSlot(s); throw err; }
      await sink.put(s, n);
    }
  } finally {
    for (const r of await Promise.allSettled(ahead)) if (r.status === 'fulfilled') releaseSlot(r.value.s);
    await fd.close();
  }
}
