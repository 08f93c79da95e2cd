import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** One member of a zip archive, from its central directory. */
export interface ZipEntry { name: string; method: number; compressedSize: number; size: number; offset: number }

export class ZipError extends Error {}

const EOCD = 0x06054b50, ZIP64_LOCATOR = 0x07064b50, ZIP64_EOCD = 0x06064b50, CENTRAL = 0x02014b50, LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

async function readAt(fh: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipError('truncated zip');
  return buf;
}

/**
 * Reads the central directory at the end of the file (zip64 too). An xlsx is read this way rather than
 * front to back because Excel stores sharedStrings.xml after the worksheets, and the strings are needed first.
 */
export async function readZipDirectory(file: string): Promise<Map<string, ZipEntry>> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 0xffff + 22 + 20);
    if (tailLen < 22) throw new ZipError('not a zip file');
    const tail = await readAt(fh, size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
    if (at < 0) throw new ZipError('not a zip file');
    let count = tail.readUInt16LE(at + 10), cdSize = tail.readUInt32LE(at + 12), cdOffset = tail.readUInt32LE(at + 16);
    if ((cdOffset === MAX32 || count === 0xffff) && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const z = await readAt(fh, Number(tail.readBigUInt64LE(at - 20 + 8)), 56);
      if (z.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipError('bad zip64 directory');
      count = Number(z.readBigUInt64LE(32)); cdSize = Number(z.readBigUInt64LE(40)); cdOffset = Number(z.readBigUInt64LE(48));
    }
    if (cdSize > 64 * 1024 * 1024 || cdOffset + cdSize > size) throw new ZipError('bad zip directory');
    const cd = await readAt(fh, cdOffset, cdSize);
    const out = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count && p + 46 <= cd.length; n++) {
      if (cd.readUInt32LE(p) !== CENTRAL) throw new ZipError('bad zip directory entry');
      const nameLen = cd.readUInt16LE(p + 28), extraLen = cd.readUInt16LE(p + 30), commentLen = cd.readUInt16LE(p + 32);
      const e: ZipEntry = {
        name: cd.toString('utf8', p + 46, p + 46 + nameLen), method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), offset: cd.readUInt32LE(p + 42),
      };
      readZip64Extra(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
      out.set(e.name.replace(/^\//, ''), e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** Sizes and offset that overflow 32 bits live in the zip64 extra field, in this order. */
function readZip64Extra(extra: Buffer, e: ZipEntry) {
  for (let q = 0; q + 4 <= extra.length;) {
    const id = extra.readUInt16LE(q), len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      for (const k of ['size', 'compressedSize', 'offset'] as const) {
        if (e[k] === MAX32 && r + 8 <= q + 4 + len) { e[k] = Number(extra.readBigUInt64LE(r)); r += 8; }
      }
    }
    q += 4 + len;
  }
}

/** The member's uncompressed bytes as a stream; onCompressedBytes counts the input read (for progress). */
export async function openEntry(file: string, e: ZipEntry, onCompressedBytes?: (n: number) => void): Promise<Readable> {
  const fh = await fs.open(file, 'r');
  let header: Buffer;
  try { header = await readAt(fh, e.offset, 30); } finally { await fh.close(); }
  if (header.readUInt32LE(0) !== LOCAL) throw new ZipError(`bad local header for ${e.name}`);
  const start = e.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (e.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(file, { start, end: start + e.compressedSize - 1, highWaterMark: 256 * 1024 });
  if (onCompressedBytes) raw.on('data', (c) => onCompressedBytes(c.length));
  if (e.method === 0) return raw;
  if (e.method !== 8) throw new ZipError(`unsupported zip compression ${e.method}`);
  const inflate = zlib.createInflateRaw({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => inflate.destroy(err));
  return raw.pipe(inflate);
}
