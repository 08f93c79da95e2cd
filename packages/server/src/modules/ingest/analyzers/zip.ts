import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

// A small read-only ZIP reader for files we inspect in memory (OFD, nested office files): central directory,
// entry bytes with size and CRC checks. Nothing is ever written to disk, so entry names cannot escape anywhere.

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localOffset: number;
  encrypted: boolean;
}

export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const MAX_CD = 32 * 1024 * 1024;

export async function readZipDirectory(file: string): Promise<{ entries: ZipEntry[]; fh: fs.FileHandle }> {
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0 || eocd + 22 > tailLen) throw new ZipError('no end-of-central-directory record');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || count === 0xffff) throw new ZipError('ZIP64 archives are not supported here');
    if (cdSize > MAX_CD || cdOffset + cdSize > size) throw new ZipError('central directory out of range');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === 0x02014b50) {
      const flags = cd.readUInt16LE(p + 8);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const raw = cd.subarray(p + 46, p + 46 + nameLen);
      entries.push({
        name: decodeName(raw, (flags & 0x800) !== 0),
        method: cd.readUInt16LE(p + 10),
        crc: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        encrypted: (flags & 1) !== 0,
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (entries.length !== count) throw new ZipError(`central directory lists ${entries.length} of ${count} entries`);
    return { entries, fh };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** UTF-8 when flagged or valid; otherwise GBK (what Chinese Windows tools write), never CP437 guesses. */
function decodeName(raw: Buffer, utf8: boolean): string {
  const s = raw.toString('utf8');
  if (utf8 || !s.includes('\uFFFD')) return s;
  return iconv.decode(raw, 'gbk');
}

/** The bytes of one entry, inflated with a hard output limit, size and CRC checked. */
export async function readZipEntry(fh: fs.FileHandle, e: ZipEntry, maxBytes: number): Promise<Buffer> {
  if (e.encrypted) throw new ZipError(`${e.name}: encrypted entry`);
  if (e.size > maxBytes) throw new ZipError(`${e.name}: ${e.size} bytes is over the limit of ${maxBytes}`);
  const head = Buffer.alloc(30);
  await fh.read(head, 0, 30, e.localOffset);
  if (head.readUInt32LE(0) !== 0x04034b50) throw new ZipError(`${e.name}: bad local header`);
  const start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const comp = Buffer.alloc(e.compressedSize);
  const { bytesRead } = await fh.read(comp, 0, e.compressedSize, start);
  if (bytesRead !== e.compressedSize) throw new ZipError(`${e.name}: truncated`);
  let data: Buffer;
  if (e.method === 0) data = comp;
  else if (e.method === 8) {
    try {
      data = zlib.inflateRawSync(comp, { maxOutputLength: Math.max(1, maxBytes) });
    } catch (err) {
      throw new ZipError(`${e.name}: cannot inflate (${(err as Error).message})`);
    }
  } else throw new ZipError(`${e.name}: compression method ${e.method} not supported`);
  if (data.length !== e.size) throw new ZipError(`${e.name}: ${data.length} bytes, the directory says ${e.size}`);
  if (zlib.crc32(data) !== e.crc) throw new ZipError(`${e.name}: CRC mismatch`);
  return data;
}
