import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { DomainError } from '../../http/errors.ts';
import { stripDotSlash, unsafePathReason } from './bag.paths.ts';

export interface ExtractLimits {
  maxEntries: number;
  maxBytes: number;
}
const DEFAULTS: ExtractLimits = { maxEntries: 2_000_000, maxBytes: 64 * 1024 ** 3 };

const refuse = (message: string) => new DomainError('aip_invalid_bag', 400, [{ path: 'tar', message }]);

/**
 * Unpacks a tar into `dest` (which must be empty): regular files and folders only — links, devices and
 * any name that is absolute, has '..' or would land outside `dest` are refused before a byte is written.
 * Returns the bag's root: `dest` itself, or its only top-level folder when bagit.txt sits there.
 */
export async function extractTar(src: Readable, dest: string, limits: ExtractLimits = DEFAULTS): Promise<string> {
  const ex = tar.extract();
  const base = path.resolve(dest);
  let entries = 0;
  let bytes = 0;
  src.on('error', (e) => ex.destroy(e));
  src.pipe(ex as never);
  try {
    for await (const entry of ex) {
      const h = entry.header;
      const name = stripDotSlash(h.name).replace(/\/+$/, '');
      if (++entries > limits.maxEntries) throw refuse(`more than ${limits.maxEntries} entries`);
      if (name === '' || name === '.') {
        entry.resume();
        continue;
      }
      const unsafe = unsafePathReason(name);
      if (unsafe) throw refuse(`${name}: ${unsafe}`);
      const target = path.resolve(base, name);
      if (!target.startsWith(base + path.sep)) throw refuse(`${name}: outside the package`);
      if (h.type === 'directory') {
        await mkdir(target, { recursive: true });
        entry.resume();
      } else if (h.type === 'file' || h.type === 'contiguous-file') {
        bytes += h.size ?? 0;
        if (bytes > limits.maxBytes) throw refuse(`more than ${limits.maxBytes} bytes`);
        await mkdir(path.dirname(target), { recursive: true });
        if (existsSync(target)) throw refuse(`${name}: twice in the tar`);
        await pipeline(entry as unknown as Readable, createWriteStream(target, { flags: 'wx' }));
      } else {
        throw refuse(`${name}: ${h.type} entries are not accepted`);
      }
    }
  } catch (e) {
    ex.destroy();
    src.destroy();
    if (e instanceof DomainError) throw e;
    throw new DomainError('aip_unsupported_package', 400, [{ path: 'tar', message: (e as Error).message.slice(0, 300) }]);
  }
  if (entries === 0) throw new DomainError('aip_unsupported_package', 400, [{ path: 'tar', message: 'empty or not a tar file' }]);
  if (existsSync(path.join(base, 'bagit.txt'))) return base;
  const top = await readdir(base, { withFileTypes: true });
  if (top.length === 1 && top[0]!.isDirectory()) return path.join(base, top[0]!.name);
  return base;
}
