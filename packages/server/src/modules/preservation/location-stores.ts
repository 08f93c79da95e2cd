import { mkdirSync } from 'node:fs';
import { createLocalDiskStorage } from '../../platform/storage/local-disk.storage.ts';
import { createS3Storage } from '../../platform/storage/s3.storage.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import type { Location } from './locations.repository.ts';

/**
 * Opens the object store behind a location with the platform adapters (so every location passes the
 * storage contract suite): the primary is the archive's own store, `local` a content-addressed folder,
 * `s3` a bucket. Adapters are cached per location and configuration.
 */
export function createLocationStores(primary: ObjectStorage, opts: { tmpDir?: string } = {}) {
  const cache = new Map<string, { key: string; store: ObjectStorage }>();
  return {
    primary,
    open(l: Location): ObjectStorage {
      if (l.kind === 'primary') return primary;
      const key = JSON.stringify(l.config);
      const hit = cache.get(l.id);
      if (hit?.key === key) return hit.store;
      const c = l.config;
      let store: ObjectStorage;
      if (l.kind === 'local') {
        if (!c.path) throw new Error(`location ${l.id} has no path`);
        store = createLocalDiskStorage(c.path);
      } else {
        if (!c.bucket || !c.accessKeyId || !c.secretAccessKey) throw new Error(`location ${l.id} lacks bucket or credentials`);
        if (opts.tmpDir) mkdirSync(opts.tmpDir, { recursive: true });
        store = createS3Storage({
          endpoint: c.endpoint, bucket: c.bucket, region: c.region ?? 'us-east-1', accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey,
          forcePathStyle: c.forcePathStyle ?? !!c.endpoint, prefix: c.prefix, tmpDir: opts.tmpDir, maxAttempts: 2,
        });
      }
      cache.set(l.id, { key, store });
      return store;
    },
  };
}
export type LocationStores = ReturnType<typeof createLocationStores>;
