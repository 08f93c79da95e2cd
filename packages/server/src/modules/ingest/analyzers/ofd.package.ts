import path from 'node:path/posix';
import { readZipDirectory, readZipEntry, type ZipEntry } from './zip.js';
import { parseXml, type XNode } from './xml-tree.js';

// An OFD file (GB/T 33190) opened read-only in memory: its ZIP entries by normalised name, bounded reads, and
// resolution of the locations OFD documents use (absolute from the package root, or relative to the referring file).

export const OFD_NS = 'http://www.ofdspec.org/2016';

export interface OfdLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
}
export const DEFAULT_OFD_LIMITS: OfdLimits = { maxEntries: 20_000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };

export interface OfdPackage {
  names: string[];
  has(name: string): boolean;
  read(name: string): Promise<Buffer>;
  xml(name: string): Promise<XNode>;
  close(): Promise<void>;
}

export const normalizeName = (n: string) => path.normalize(n.replace(/\\/g, '/')).replace(/^\/+/, '');

/** A location inside the package: '/Doc_0/x' from the root, otherwise relative to the folder of `from`. */
export function resolveLoc(from: string, loc: string): string {
  const l = loc.trim().replace(/\\/g, '/');
  return normalizeName(l.startsWith('/') ? l : path.join(path.dirname(from), l));
}

export async function openOfd(file: string, limits: OfdLimits = DEFAULT_OFD_LIMITS): Promise<OfdPackage> {
  const { entries, fh } = await readZipDirectory(file);
  try {
    if (entries.length > limits.maxEntries) throw new Error(`${entries.length} entries, over the limit of ${limits.maxEntries}`);
    const total = entries.reduce((n, e) => n + e.size, 0);
    if (total > limits.maxTotalBytes) throw new Error(`${total} bytes uncompressed, over the limit of ${limits.maxTotalBytes}`);
    const byName = new Map<string, ZipEntry>();
    for (const e of entries) if (!e.name.endsWith('/')) byName.set(normalizeName(e.name), e);
    const read = async (name: string) => {
      const e = byName.get(normalizeName(name));
      if (!e) throw new Error(`${name}: not in the package`);
      return readZipEntry(fh, e, limits.maxEntryBytes);
    };
    return {
      names: [...byName.keys()],
      has: (n) => byName.has(normalizeName(n)),
      read,
      xml: async (n) => parseXml(await read(n)),
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}
