import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { digestTap } from '../digest.stream.ts';

/** A file part as @fastify/multipart yields it (`req.files()`). */
export interface SpoolPart { fieldname: string; filename: string; file: Readable & { truncated?: boolean } }
export interface SpooledFile { name: string; originalName: string; absPath: string; size: number; digests: Record<string, string> }
export class SpoolLimitError extends Error { constructor(readonly limit: 'fileSize' | 'files') { super(`spool limit: ${limit}`); } }

const safeName = (n: string, i: number) => (path.basename(n || '').replace(/[^\p{L}\p{N}._-]/gu, '_').replace(/^\.+/, '') || `file-${i}`);

/**
 * Streams the file parts of one multipart request into `dir`, never whole into memory, with their
 * digests taken on the way. Over the size or count limit, or when the client goes away, the folder
 * is removed and the error rethrown — no temp file outlives a failed request.
 */
export async function spoolFiles(parts: AsyncIterable<SpoolPart>, dir: string, limits: { maxFiles: number }): Promise<SpooledFile[]> {
  await fs.mkdir(dir, { recursive: true });
  const out: SpooledFile[] = [];
  const used = new Set<string>();
  try {
    for await (const p of parts) {
      if (out.length >= limits.maxFiles) throw new SpoolLimitError('files');
      let name = safeName(p.filename, out.length + 1);
      while (used.has(name)) name = `${out.length + 1}-${name}`;
      used.add(name);
      const absPath = path.join(dir, name);
      const tap = digestTap();
      await pipeline(p.file, tap.tap, createWriteStream(absPath, { flags: 'wx' }));
      if (p.file.truncated) throw new SpoolLimitError('fileSize');
      const d = tap.result();
      out.push({ name, originalName: p.filename ?? '', absPath, size: d.size, digests: d.digests });
    }
    return out;
  } catch (e) {
    await fs.rm(dir, { recursive: true, force: true });
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new SpoolLimitError('fileSize');
    if (code === 'FST_FILES_LIMIT') throw new SpoolLimitError('files');
    throw e;
  }
}
