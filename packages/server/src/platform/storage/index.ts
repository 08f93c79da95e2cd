import path from 'node:path';
import type { Config } from '../../config.ts';
import { createLocalDiskStorage } from './local-disk.storage.ts';
import { createS3Storage } from './s3.storage.ts';
import type { ObjectStorage } from './storage.ts';

export type { FileDigests, ObjectStorage } from './storage.ts';
export { isStorageError, StorageError } from './storage.ts';

/** The object store the configuration asks for: local disk under the data folder by default, or S3. */
export function createStorage(config: Config): ObjectStorage {
  if (config.storage.kind === 'local') return createLocalDiskStorage(config.objectsDir);
  const s3 = config.storage.s3;
  if (!s3.bucket || !s3.accessKeyId || !s3.secretAccessKey) throw new Error('LANTAI_STORAGE=s3 needs LANTAI_S3_BUCKET, LANTAI_S3_ACCESS_KEY and LANTAI_S3_SECRET_KEY');
  return createS3Storage({
    endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey,
    forcePathStyle: !!s3.endpoint, tmpDir: path.join(config.dataDir, 'tmp'),
  });
}
