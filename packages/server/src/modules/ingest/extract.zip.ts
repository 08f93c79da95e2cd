import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import type { PackageFile, PackageProblem } from './checks/check.types.ts';
import { DigestWorkerError } from './digest.offload.ts';
import { openDigestSink, type DigestSink } from './digest.sink.ts';
import { identifyBytes } from './analyzers/format.analyzer.ts';
import { copyLargeEntry } from './extract.zip.large.ts';
import { writeAndHash } from './extract.writer.ts';
import { UnsafePackageError } from './package.errors.ts';
import { safeRelativePath } from './path-safety.ts';

export interface ExtractLimits {
  /** Most entries a package may hold. */
  maxEntries: number;
  /** Most bytes all entries may expand to. */
  maxTotalBytes: number;
  /** Largest expansion ratio (uncompressed ÷ compressed) allowed for an entry larger than 1 MiB, and for the whole archive. */
  maxRatio: number;
}
export const DEFAULT_LIMITS: ExtractLimits = { maxEntries: 250_000, maxTotalBytes: 64 * 1024 ** 3, maxRatio: 200 };

/** Entries up to this size are inflated in memory and written in one call. */
const SMALL = 4 * 1024 * 1024;

const ARCHIVE_EXT = /\.(zip|7z|rar|tar|tgz|gz|bz2|xz|zst|cab|iso|jar|war)$/i;

const openZip = (file: string) => new Promise<yauzl.ZipFile>((resolve, reject) =>
  yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (e, z) => (e ? reject(e) : resolve(z!))));

/** The entry's name: the Info-ZIP Unicode Path field, else UTF-8 when flagged (or valid), else GBK (GB18030). */
export function decodeEntryName(e: yauzl.Entry): { name: string; encoding: string } {
  const raw = e.fileNameRaw ?? (e.fileName as unknown as Buffer);
  const up = e.extraFields.find((f) => f.id === 0x7075);
  if (up && up.data.length > 5 && up.data[0] === 1) return { name: up.data.subarray(5).toString('utf8'), encoding: 'utf-8 (unicode path field)' };
  if (e.generalPurposeBitFlag & 0x800) return { name: raw.toString('utf8'), encoding: 'utf-8' };
  if (raw.every((b) => b < 0x80)) return { name: raw.toString('latin1'), encoding: 'ascii' };
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    return { name: utf8.decode(raw), encoding: 'utf-8 (unflagged)' };
  } catch {
    return { name: iconv.decode(raw, 'gb18030'), encoding: 'gb18030' };
  }
}

/**
 * Extracts a zip into `dest`, entry by entry, hashing each file (MD5, SHA-256, SM3) while it is
 * written. Refuses the whole package (UnsafePackageError) for a name that escapes (`../`, absolute,
 * drive letters), a symlink, an encrypted entry, NFC/NFD twins, too many entries, or expansion past
 * the limits (ratio and absolute, counted on the bytes actually inflated, not the declared sizes).
 * Archives inside the package are flagged, not opened.
 */
/** Small files handed to the writer thread and not yet written, at most (count, bytes): memory stays bounded. */
const WRITES_IN_FLIGHT = 64;
const WRITE_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

export async function extractZip(file: string, dest: string, limits: ExtractLimits = DEFAULT_LIMITS, onEntry?: (n: number) => void) {
  const zipSize = (await fs.stat(file)).size;
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (e) {
    throw new UnsafePackageError('zip_unreadable', `压缩包无法读取：${(e as Error).message}`, `The zip cannot be read: ${(e as Error).message}`);
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new UnsafePackageError('too_many_entries', `压缩包条目过多（${zip.entryCount} > ${limits.maxEntries}）`, `Too many entries (${zip.entryCount} > ${limits.maxEntries})`, { entries: zip.entryCount, limit: limits.maxEntries });
  }
  const files: PackageFile[] = [];
  const problems: PackageProblem[] = [];
  const seen = new Map<string, string>();
  const dirs = new Set<string>();
  let total = 0;
  let n = 0;
  await fs.mkdir(dest, { recursive: true });
  const openStream = (e: yauzl.Entry) => new Promise<Readable>((resolve, reject) => zip.openReadStream(e, (err, s) => (err ? reject(err) : resolve(s!))));

  // Small files are hashed and written by the writer thread (extract.writer.ts) while the next entries are read:
  // one at a time, the extraction waited on the disk for every file (half its time on 55 KB files).
  const writes = new Set<Promise<void>>();
  let inFlightBytes = 0;
  let writeError: unknown;
  const queueWrite = async (target: string, buf: Buffer, into: PackageFile) => {
    const size = buf.length;
    inFlightBytes += size;
    const w: Promise<void> = writeAndHash(target, buf).then((d) => { into.digests = d; }, (err: unknown) => { writeError ??= err; })
      .finally(() => { writes.delete(w); inFlightBytes -= size; });
    writes.add(w);
    while (writes.size >= WRITES_IN_FLIGHT || inFlightBytes > WRITE_BYTES_IN_FLIGHT) await Promise.race(writes);
    if (writeError) throw writeError;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (e: yauzl.Entry) => {
        handle(e).then(() => zip.readEntry(), (err) => { zip.close(); reject(err); });
      });
      zip.readEntry();
    });
    await Promise.all(writes);
    if (writeError) throw writeError;
  } catch (e) {
    await Promise.allSettled([...writes]); // the caller removes the folder: nothing may be written after that
    if (e instanceof UnsafePackageError || e instanceof DigestWorkerError) throw e;
    throw new UnsafePackageError('zip_unreadable', `压缩包损坏：${(e as Error).message}`, `The zip is damaged: ${(e as Error).message}`);
  }
  return { files, problems, totalBytes: total, encodingNote: undefined as string | undefined };

  async function handle(e: yauzl.Entry) {
    onEntry?.(++n);
    const { name: rawName, encoding } = decodeEntryName(e);
    const mode = (e.externalFileAttributes >>> 16) & 0o170000;
    if (mode === 0o120000) throw new UnsafePackageError('symlink_entry', `压缩包含符号链接：${rawName}`, `The zip holds a symbolic link: ${rawName}`, { entry: rawName });
    const isDir = rawName.endsWith('/') || rawName.endsWith('\\') || mode === 0o040000;
    const rel = safeRelativePath(rawName.replace(/[\\/]+$/, ''));
    if (!rel.ok) throw new UnsafePackageError('unsafe_path', `压缩包条目路径越界：${rawName}（${rel.zh}）`, `Unsafe entry path ${JSON.stringify(rawName)}: ${rel.en}`, { entry: rawName });
    const name = rel.path;
    if (!name) return;
    const key = name;
    const twin = seen.get(key);
    if (twin !== undefined && twin !== rawName) throw new UnsafePackageError('name_twins', `条目名规范化后重复（NFC/NFD）：${name}`, `Two entries are the same name after Unicode normalisation (NFC/NFD): ${name}`, { entries: [twin, rawName] });
    if (twin !== undefined) throw new UnsafePackageError('duplicate_entry', `压缩包中条目重复：${name}`, `The zip holds the entry twice: ${name}`, { entry: name });
    seen.set(key, rawName);
    const target = path.join(dest, name);
    if (isDir) {
      if (!dirs.has(name)) { await fs.mkdir(target, { recursive: true }); dirs.add(name); }
      return;
    }
    if (e.isEncrypted()) throw new UnsafePackageError('encrypted_entry', `压缩包条目已加密：${name}`, `The entry is encrypted: ${name}`, { entry: name });
    if (total + e.uncompressedSize > limits.maxTotalBytes) throw bomb(name, total + e.uncompressedSize);
    const parent = path.dirname(name);
    if (parent !== '.' && !dirs.has(parent)) { await fs.mkdir(path.dirname(target), { recursive: true }); dirs.add(parent); }
    if (e.uncompressedSize <= SMALL) {
      const src = await openStream(e);
      // Small entries: inflate into memory (bounded), hash the buffer once, write it in one call.
      const parts: Buffer[] = [];
      let got = 0;
      try {
        for await (const c of src) {
          got += (c as Buffer).length;
          if (got > SMALL || total + got > limits.maxTotalBytes) throw bomb(name, total + got);
          if (got > 1024 * 1024 && got / Math.max(1, e.compressedSize) > limits.maxRatio) throw bomb(name, got, got / Math.max(1, e.compressedSize));
          parts.push(c as Buffer);
        }
      } catch (err) {
        src.destroy();
        if (err instanceof UnsafePackageError) throw err;
        throw new UnsafePackageError('zip_unreadable', `条目无法解压：${name}（${(err as Error).message}）`, `Cannot inflate ${name}: ${(err as Error).message}`, { entry: name });
      }
      const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      const f: PackageFile = { path: name, absPath: target, size: buf.length, digests: {}, identified: await identifyBytes(buf, name) };
      files.push(f);
      total += buf.length;
      await queueWrite(target, buf, f); // buf is the writer's now
      flag(name, encoding);
      return;
    }
    let written = 0;
    const count = (n: number) => {
      written += n;
      if (total + written > limits.maxTotalBytes) throw bomb(name, total + written);
      if (written > 1024 * 1024 && written / Math.max(1, e.compressedSize) > limits.maxRatio) throw bomb(name, written, written / Math.max(1, e.compressedSize));
    };
    let sink: DigestSink | undefined;
    try {
      sink = await openDigestSink(target); // MD5 only where the package declares it (package.open.ts)
      await copyLargeEntry({ zip, file, zipSize, e, sink, count, openStream });
      if (written !== e.uncompressedSize) throw new Error(`${written} bytes where the directory says ${e.uncompressedSize}`);
      const r = await sink.end();
      files.push({ path: name, absPath: target, size: r.size, digests: r.digests });
    } catch (err) {
      await sink?.abort();
      if (err instanceof UnsafePackageError || err instanceof DigestWorkerError) throw err;
      throw new UnsafePackageError('zip_unreadable', `条目无法解压：${name}（${(err as Error).message}）`, `Cannot inflate ${name}: ${(err as Error).message}`, { entry: name });
    }
    total += written;
    if (total > 1024 * 1024 && total / Math.max(1, zipSize) > limits.maxRatio * 5) throw bomb(name, total, total / zipSize);
    flag(name, encoding);
  }

  function flag(name: string, encoding: string) {
    if (encoding === 'gb18030') problems.push({ item: 'structure', severity: 'warning', code: 'gbk_name', zh: `条目名按 GBK 解码：${name}`, en: `Entry name decoded as GBK: ${name}`, subject: name });
    if (ARCHIVE_EXT.test(name)) problems.push({ item: 'package-usability', severity: 'warning', code: 'nested_archive', zh: `信息包内含压缩文件（未展开）：${name}`, en: `Nested archive (not opened): ${name}`, subject: name });
  }

  function bomb(entry: string, bytes: number, ratio?: number) {
    return new UnsafePackageError('zip_bomb', `解压后过大（疑似压缩炸弹）：${entry}`, `Expands too far (zip bomb?): ${entry}`,
      { entry, bytes, ratio: ratio ? Math.round(ratio) : undefined, maxRatio: limits.maxRatio, maxTotalBytes: limits.maxTotalBytes });
  }
}
