import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import tar from 'tar-stream';
import { encodeManifestPath } from './bag.paths.ts';

/** The payload and tag manifests we write: both RFC 8493 algorithms (SM3 is not registered for BagIt; it goes in PREMIS fixity). */
export const BAG_ALGORITHMS = ['sha256', 'sha512'] as const;
type Alg = (typeof BAG_ALGORITHMS)[number];

export interface BagResult {
  payloadBytes: number;
  payloadFiles: number;
  payloadOxum: string;
  /** sha256 of each payload path (relative to the bag root, e.g. 'data/mets.xml'). */
  sha256: Map<string, string>;
}

/**
 * Writes a BagIt 1.0 bag as one tar stream into `out`, entry by entry: bagit.txt first, then every
 * payload file (its bytes flow through the hashes into the tar, never held whole in memory), then
 * the manifests, bag-info.txt and the tag manifests. All entries sit under `<root>/` as BagIt's
 * serialization rule asks (one top-level folder named after the bag).
 */
export function createBagWriter(out: Writable, root: string) {
  const pack = tar.pack();
  const digests = new Map<string, Record<Alg, string>>();
  const tagDigests = new Map<string, Record<Alg, string>>();
  let payloadBytes = 0;
  const mtime = new Date();
  const done = new Promise<void>((resolve, reject) => {
    pack.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
  });
  pack.pipe(out);

  async function entry(name: string, size: number, src: Readable | Buffer): Promise<Record<Alg, string>> {
    const hashes = BAG_ALGORITHMS.map((a) => createHash(a));
    let seen = 0;
    const w = pack.entry({ name: `${root}/${name}`, size, mtime, mode: 0o644 });
    const ended = new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      w.on('finish', resolve);
    });
    const chunks: Iterable<Buffer> | AsyncIterable<Buffer> = Buffer.isBuffer(src) ? [src] : (src as AsyncIterable<Buffer>);
    for await (const c of chunks) {
      seen += c.length;
      if (seen > size) throw new Error(`${name}: more bytes than the ${size} declared`);
      for (const h of hashes) h.update(c);
      if (!w.write(c)) await once(w as never, 'drain');
    }
    if (seen !== size) throw new Error(`${name}: ${seen} bytes, ${size} declared`);
    w.end();
    await ended;
    return Object.fromEntries(BAG_ALGORITHMS.map((a, i) => [a, hashes[i]!.digest('hex')])) as Record<Alg, string>;
  }

  const tagFile = async (name: string, text: string) => tagDigests.set(name, await entry(name, Buffer.byteLength(text), Buffer.from(text, 'utf8')));

  return {
    /** A payload file; `rel` is its path under data/. */
    async addPayload(rel: string, size: number, src: Readable | Buffer) {
      if (digests.size === 0 && tagDigests.size === 0) await tagFile('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
      const path = `data/${rel}`;
      if (digests.has(path)) throw new Error(`${path} twice in one bag`);
      digests.set(path, await entry(path, size, src));
      payloadBytes += size;
    },
    /** Writes manifests, bag-info (with Payload-Oxum and Bagging-Date added) and tag manifests, then ends the tar. */
    async finish(info: [string, string][]): Promise<BagResult> {
      if (tagDigests.size === 0) await tagFile('bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
      const payloadOxum = `${payloadBytes}.${digests.size}`;
      for (const a of BAG_ALGORITHMS) {
        let m = '';
        for (const [p, d] of digests) m += `${d[a]}  ${encodeManifestPath(p)}\n`;
        await tagFile(`manifest-${a}.txt`, m);
      }
      const lines = [...info, ['Bagging-Date', new Date().toISOString().slice(0, 10)], ['Payload-Oxum', payloadOxum]] as [string, string][];
      await tagFile('bag-info.txt', lines.map(([k, v]) => `${k}: ${v.replace(/\r?\n/g, '\n  ')}\n`).join(''));
      const tagEntries = [...tagDigests];
      for (const a of BAG_ALGORITHMS) {
        const t = tagEntries.map(([p, d]) => `${d[a]}  ${encodeManifestPath(p)}\n`).join('');
        await entry(`tagmanifest-${a}.txt`, Buffer.byteLength(t), Buffer.from(t));
      }
      pack.finalize();
      await done;
      return { payloadBytes, payloadFiles: digests.size, payloadOxum, sha256: new Map([...digests].map(([p, d]) => [p, d.sha256])) };
    },
    /** Stops writing after a failure (the caller removes the partial file). */
    abort(err: Error) {
      pack.destroy(err);
    },
  };
}
export type BagWriter = ReturnType<typeof createBagWriter>;
