import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { putFileByStream, putFilesEach, spoolToFile, verifyingStream, verifyVia } from './hashing.ts';
import { assertKey, isStorageError, shardPath, StorageError, type GetOptions, type ObjectStorage, type PutOptions, type PutResult } from './storage.ts';

export interface S3StorageConfig {
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean;
  /** Where uploads are spooled while their digest is computed; default `os.tmpdir()`. */
  tmpDir?: string;
  /** Key prefix of objects; default `objects/`. */
  prefix?: string;
  /** SDK attempts per request (default 3). */
  maxAttempts?: number;
}

export interface S3Storage extends ObjectStorage {
  readonly client: S3Client;
  /** The S3 object key of a content key (validated). */
  objectKeyOf(sha256: string): string;
}

// NoSuchKey from GET; a HEAD has no body, so a missing key (or bucket) is only 'NotFound' there.
const isMissingKey = (e: unknown) => ['NoSuchKey', 'NotFound'].includes((e as Error | null)?.name ?? '');

/**
 * Content-addressed storage in an S3 bucket, objects at `<prefix>ab/cd/<sha256>` with the SHA-256
 * and SM3 in the object metadata. The digest is only known after the whole source has been read,
 * so a put first spools it to a temp file (hashing on the way), then uploads that file with
 * `ChecksumSHA256` (S3 rejects the upload if the bytes arrive altered) and finally checks the size
 * with HeadObject. The temp file is removed in every case. A put of bytes already stored keeps the
 * object if its size is right and replaces it otherwise (a truncated object is healed).
 *
 * The SDK's automatic CRC checksums are switched off (`WHEN_REQUIRED`): we send our own SHA-256,
 * and for a streamed body without one the SDK would use aws-chunked encoding with a CRC trailer,
 * which S3-compatible servers that do not decode it (s3rver, older MinIO) store as object data.
 * Failures other than a missing key are `storage_unavailable`. Note that HEAD cannot tell a missing
 * bucket from a missing key, so `head()` on a missing bucket answers null.
 */
export function createS3Storage(cfg: S3StorageConfig): S3Storage {
  const client = new S3Client({
    endpoint: cfg.endpoint,
    region: cfg.region,
    forcePathStyle: cfg.forcePathStyle,
    credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: cfg.maxAttempts,
  });
  const Bucket = cfg.bucket;
  const prefix = cfg.prefix ?? 'objects/';
  const objectKeyOf = (key: string) => (assertKey(key), prefix + shardPath(key));
  const keyPattern = /^([0-9a-f]{2})\/([0-9a-f]{2})\/(\1\2[0-9a-f]{60})$/;

  /** Runs a request: a missing key becomes `storage_not_found`, any other failure `storage_unavailable`. */
  async function send<T>(what: string, key: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (isMissingKey(e)) throw new StorageError('storage_not_found', `No stored object ${key}`, { cause: e });
      const why = e instanceof Error ? e.message || e.name : String(e);
      throw new StorageError('storage_unavailable', `S3 ${what} of ${Bucket}/${key} failed: ${why}`, { cause: e });
    }
  }

  async function head(key: string) {
    const Key = objectKeyOf(key);
    try {
      const out = await send('HeadObject', key, () => client.send(new HeadObjectCommand({ Bucket, Key })));
      return { size: out.ContentLength ?? 0 };
    } catch (e) {
      if (isStorageError(e, 'storage_not_found')) return null;
      throw e;
    }
  }

  async function get(key: string, opts: GetOptions = {}): Promise<Readable> {
    const Key = objectKeyOf(key);
    const out = await send('GetObject', key, () => client.send(new GetObjectCommand({ Bucket, Key })));
    const body = out.Body as Readable;
    if (!opts.verify) return body;
    const checked = verifyingStream(key);
    pipeline(body, checked, () => {});
    return checked;
  }

  // Puts of the same bytes from this process take turns: the second one then finds the object and skips the
  // upload. (S3 itself makes a PUT atomic; simple S3-compatible servers such as s3rver do not.)
  const inflight = new Map<string, Promise<void>>();
  async function exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    while (inflight.has(key)) await inflight.get(key);
    let done!: () => void;
    inflight.set(key, new Promise<void>((r) => (done = r)));
    try {
      return await fn();
    } finally {
      inflight.delete(key);
      done();
    }
  }

  async function put(source: Readable | Buffer, opts: PutOptions = {}): Promise<PutResult> {
    const tmp = join(cfg.tmpDir ?? tmpdir(), `lantai-s3-${randomUUID()}.part`);
    const d = await spoolToFile(source, tmp, opts);
    try {
      return await exclusive(d.sha256, async () => {
        const Key = objectKeyOf(d.sha256);
        // An existing object of the right size is kept; one of the wrong size (damaged) is replaced.
        const existing = await head(d.sha256);
        if (existing?.size === d.size) return { ...d, created: false };
        await send('PutObject', d.sha256, () =>
          client.send(
            new PutObjectCommand({
              Bucket,
              Key,
              Body: createReadStream(tmp),
              ContentLength: d.size,
              ContentType: 'application/octet-stream',
              ChecksumSHA256: Buffer.from(d.sha256, 'hex').toString('base64'),
              Metadata: { sha256: d.sha256, sm3: d.sm3 },
            }),
          ),
        );
        const stored = await head(d.sha256);
        if (stored?.size !== d.size) {
          throw new StorageError('storage_unavailable', `S3 object ${Key} has size ${stored?.size} after upload, expected ${d.size}`);
        }
        return { ...d, created: true };
      });
    } finally {
      await unlink(tmp).catch(() => {});
    }
  }

  const storage: S3Storage = {
    client,
    objectKeyOf,
    head,
    get,
    put,
    // Streamed like a put (spooled, both digests computed and checked, uploaded with our SHA-256).
    putFile: (absPath, d) => putFileByStream(put, absPath, d),
    putFiles: (files) => putFilesEach(storage, files),

    async delete(key) {
      const Key = objectKeyOf(key);
      if (!(await head(key))) return false;
      await send('DeleteObject', key, () => client.send(new DeleteObjectCommand({ Bucket, Key })));
      return true;
    },

    async *list() {
      let ContinuationToken: string | undefined;
      do {
        const page = await send('ListObjectsV2', prefix, () =>
          client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken })),
        );
        for (const o of page.Contents ?? []) {
          const m = o.Key?.slice(prefix.length).match(keyPattern);
          if (m?.[3]) yield m[3];
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    verify: (key) => verifyVia(get, key),
  };
  return storage;
}
