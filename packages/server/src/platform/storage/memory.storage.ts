import { Readable } from 'node:stream';
import { checkDigests, checkPutOptions, DualHasher, putFileByStream, putFilesEach, verifyingStream, verifyVia } from './hashing.ts';
import { assertKey, StorageError, type GetOptions, type ObjectStorage } from './storage.ts';

export interface MemoryStorage extends ObjectStorage {
  /** The stored bytes by key — exposed so tests can inspect or corrupt them. */
  readonly objects: Map<string, Buffer>;
}

/**
 * In-memory storage for unit tests of other modules. It follows the port's contract except that
 * it necessarily holds every object (and each put's source) in memory.
 */
export function createMemoryStorage(): MemoryStorage {
  const objects = new Map<string, Buffer>();

  const get = async (key: string, opts: GetOptions = {}): Promise<Readable> => {
    assertKey(key);
    const data = objects.get(key);
    if (!data) throw new StorageError('storage_not_found', `No stored object ${key}`);
    const raw = Readable.from([Buffer.from(data)], { objectMode: false });
    return opts.verify ? raw.pipe(verifyingStream(key)) : raw;
  };

  const storage: MemoryStorage = {
    objects,
    get,
    putFile: (absPath, d) => putFileByStream(storage.put, absPath, d),
    putFiles: (files) => putFilesEach(storage, files),

    async put(source, opts = {}) {
      checkPutOptions(opts);
      const hasher = new DualHasher();
      const chunks: Buffer[] = [];
      for await (const chunk of Buffer.isBuffer(source) ? [source] : source) {
        const buf = Buffer.from(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
        hasher.update(buf);
        chunks.push(buf);
        if (opts.expectedSize !== undefined && hasher.size > opts.expectedSize) {
          throw new StorageError('storage_digest_mismatch', `Source is longer than the expected ${opts.expectedSize} bytes`);
        }
      }
      const d = hasher.digest();
      checkDigests(d, opts);
      const created = !objects.has(d.sha256);
      if (created) objects.set(d.sha256, Buffer.concat(chunks));
      return { ...d, created };
    },

    async head(key) {
      assertKey(key);
      const data = objects.get(key);
      return data ? { size: data.length } : null;
    },

    async delete(key) {
      assertKey(key);
      return objects.delete(key);
    },

    async *list() {
      yield* [...objects.keys()].sort();
    },

    verify: (key) => verifyVia(get, key),
  };
  return storage;
}
