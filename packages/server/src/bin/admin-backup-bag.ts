import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The on-disk shape of a Lantai backup: a BagIt 1.0 bag (RFC 8493).
 *   bagit.txt, bag-info.txt, backup-info.json, manifest-sha256.txt, tagmanifest-sha256.txt
 *   data/database.dump          pg_dump custom format
 *   data/objects/ab/cd/<sha256> every stored object (its name is its own SHA-256 as well)
 *   data/audit-checkpoints.jsonl the external audit checkpoints, when the data folder has them
 */
export const TAG_FILES = ['bagit.txt', 'bag-info.txt', 'backup-info.json', 'manifest-sha256.txt'] as const;
export const DUMP = 'data/database.dump';

export interface BackupInfo {
  format: 'lantai-backup/1';
  lantaiVersion: string;
  createdAt: string;
  migration: string | null;
  counts: Record<string, number>;
  /** fromReplicas: objects whose primary copy was unusable and that were taken from a verified copy elsewhere. */
  objects: { count: number; bytes: number; fromReplicas?: number };
  /** The storage locations and their verified copies at backup time (restore marks those copies "to verify again"). */
  locations?: { id: string; kind: string; medium: string; state: string; presentCopies: number }[];
  audit: { rows: number; headSeq: number | null; headHash: string | null };
}

/** Streams `source` into `dest` (fsynced), returning the SHA-256 and size of what was written. */
export async function copyHashing(source: Readable, dest: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  const tap = new Transform({ transform(chunk: Buffer, _e, cb) { h.update(chunk); size += chunk.length; cb(null, chunk); } });
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const out = createWriteStream(dest, { flags: 'wx' });
  await pipeline(source, tap, out);
  const fh = await fs.open(dest, 'r');
  await fh.sync().finally(() => fh.close());
  return { sha256: h.digest('hex'), size };
}

export async function hashFile(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** Every regular file under `dir`, as bag-relative POSIX paths, sorted. */
export async function listFiles(bagDir: string, sub: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await fs.readdir(path.join(bagDir, rel), { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? [] : Promise.reject(e)));
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(r);
      else out.push(r);
    }
  };
  await walk(sub);
  return out.sort();
}

export const manifestText = (entries: [string, string][]) => entries.map(([file, sha]) => `${sha}  ${file}\n`).join('');

export function parseManifest(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of text.split('\n')) {
    const x = /^([0-9a-f]{64}) {1,2}(\S.*)$/.exec(line.trimEnd());
    if (x) m.set(x[2] as string, x[1] as string);
  }
  return m;
}

export interface BagReport {
  ok: boolean;
  problems: string[];
  info: BackupInfo | null;
  payload: Map<string, string>;
}

/**
 * Re-reads a whole bag and re-hashes every file: tag files against the tag manifest, payload against
 * manifest-sha256, and no payload file left out of the manifest. Reads only; changes nothing.
 */
export async function verifyBag(bagDir: string): Promise<BagReport> {
  const problems: string[] = [];
  const read = (f: string) => fs.readFile(path.join(bagDir, f), 'utf8').catch(() => null);
  const bagit = await read('bagit.txt');
  if (!bagit?.startsWith('BagIt-Version: 1.0')) problems.push('bagit.txt missing or not BagIt 1.0 / 不是 BagIt 1.0 备份');
  const tagText = await read('tagmanifest-sha256.txt');
  if (tagText === null) problems.push('tagmanifest-sha256.txt missing / 缺少标签清单');
  const tags = parseManifest(tagText ?? '');
  for (const f of TAG_FILES) {
    const want = tags.get(f);
    const have = await hashFile(path.join(bagDir, f)).catch(() => null);
    if (have === null) problems.push(`${f}: missing / 缺失`);
    else if (want !== have) problems.push(`${f}: sha256 ${have} does not match the tag manifest (${want ?? 'not listed'}) / 校验值不符`);
  }
  const payload = parseManifest((await read('manifest-sha256.txt')) ?? '');
  if (!payload.has(DUMP)) problems.push(`${DUMP}: not in the manifest / 清单中没有数据库转储`);
  const onDisk = new Set(await listFiles(bagDir, 'data'));
  for (const [file, want] of payload) {
    if (!onDisk.has(file)) { problems.push(`${file}: missing / 缺失`); continue; }
    const have = await hashFile(path.join(bagDir, file));
    if (have !== want) problems.push(`${file}: sha256 ${have}, manifest says ${want} (damaged or truncated) / 文件已损坏`);
    if (file.startsWith('data/objects/') && path.basename(file) !== want) problems.push(`${file}: object name is not its digest / 对象名与摘要不符`);
  }
  for (const file of onDisk) if (!payload.has(file)) problems.push(`${file}: not in the manifest / 不在清单中`);
  const oxum = /^Payload-Oxum: (\d+)\.(\d+)$/m.exec((await read('bag-info.txt')) ?? '');
  let octets = 0;
  for (const file of onDisk) octets += (await fs.stat(path.join(bagDir, file))).size;
  if (!oxum) problems.push('bag-info.txt: no Payload-Oxum / 缺少 Payload-Oxum');
  else if (Number(oxum[1]) !== octets || Number(oxum[2]) !== onDisk.size) problems.push(`payload is ${octets} bytes in ${onDisk.size} files, bag-info.txt Payload-Oxum says ${oxum[1]}.${oxum[2]} / 载荷大小不符`);
  let info: BackupInfo | null = null;
  try {
    info = JSON.parse((await read('backup-info.json')) ?? '') as BackupInfo;
    if (info.format !== 'lantai-backup/1') problems.push(`backup-info.json: unknown format ${String(info.format)}`);
  } catch {
    problems.push('backup-info.json: unreadable / 无法读取');
  }
  return { ok: problems.length === 0, problems, info, payload };
}
