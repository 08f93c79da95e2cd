import type { Readable } from 'node:stream';

/**
 * The object-storage port. Every adapter (local disk, S3, memory) MUST pass the shared suite in
 * `storage.contract-test.ts`; the rules below are what that suite checks.
 *
 * Objects are content-addressed: the key of an object IS the SHA-256 of its bytes, written as 64
 * lower-case hex characters. An object, once stored, is never modified in place.
 */
export interface ObjectStorage {
  /**
   * Stores the bytes of `source` and returns their digests.
   *
   * - MUST compute SHA-256 and SM3 (GB/T 32905) in ONE pass over the source, and MUST NOT hold the
   *   whole source in memory (adapters other than the in-memory one).
   * - If `expectedSha256` or `expectedSize` is given and does not match, MUST reject with
   *   `StorageError('storage_digest_mismatch')` and MUST leave nothing behind: no object, no
   *   temporary file.
   * - If the source stream errors, MUST reject with that error and leave nothing behind.
   * - An object SHALL become visible (get/head/list) only complete and after its digest is known.
   * - Idempotent: putting bytes that are already stored SHALL succeed with `created: false`, and
   *   concurrent puts of the same bytes SHALL NOT corrupt the object.
   * - A malformed `expectedSha256` MUST be rejected with `storage_invalid_key` before reading.
   */
  put(source: Readable | Buffer, opts?: PutOptions): Promise<PutResult>;

  /**
   * Adopts a file this process has just written and hashed — an extracted package entry, a spooled
   * upload — whose SHA-256, SM3 and size were computed in the same single pass that wrote it, so
   * that the store need not read and hash it a second time.
   *
   * Trust model. The caller vouches that `absPath` is its own regular file, that `digests` came from
   * the pass that wrote it, and that nobody writes to it again (the local-disk adapter hard-links it:
   * the file becomes the object, read-only, sharing its inode). Never pass a file a user or another
   * program can still change. What each adapter still checks on its own:
   * - every adapter: the file's size (a mismatch rejects with `storage_digest_mismatch`, leaving
   *   nothing behind) and the form of the digests (`storage_invalid_key` for a malformed SHA-256);
   * - every adapter: the SHA-256 of the bytes before the object becomes visible — a file that changed
   *   or was mislabelled is refused, never published under a key it does not hash to (a wrong object
   *   under a content key would be taken as stored by every later put of the real bytes). The local
   *   disk reads it once for SHA-256 only, overlapped with the fsync it needs anyway;
   * - the SM3 is taken on trust by the local disk (the same pass wrote the bytes and hashed them, and
   *   the SHA-256 check proves they are still those bytes); the streaming adapters (S3, memory) compute
   *   it and refuse a mismatch. The fixity sweep re-verifies every object later regardless.
   * Otherwise it behaves like `put`: idempotent (`created: false` when the object exists, without
   * reading the file), concurrent adoptions of the same bytes are safe, an interrupted adoption leaves
   * no object that fails verification and no temp file that `cleanupTemp` would not remove. The caller
   * keeps its file (and removes it when it is done with it, as before).
   */
  putFile(absPath: string, digests: FileDigests): Promise<PutResult>;
  /**
   * `putFile` for many files at once (an accepted package), under the same trust model: one result per
   * file, in order. All or nothing: when a file is refused (size, SHA-256, missing) or storing fails,
   * it rejects and leaves no object this call created. The local disk makes the batch durable with two
   * filesystem syncs (data before any link, links after) instead of three or four fsyncs per file.
   */
  putFiles(files: readonly AdoptFile[]): Promise<PutResult[]>;

  /**
   * A stream of the object's bytes. Rejects with `storage_not_found` when the object is missing.
   * With `verify: true` the bytes are hashed while they flow, and the stream MUST end with an
   * error `storage_digest_mismatch` (instead of 'end') when they do not hash to `sha256`.
   * Consumers MUST treat a stream that errors as failed even if they already received bytes.
   */
  get(sha256: string, opts?: GetOptions): Promise<Readable>;

  /** The object's size, or `null` when it does not exist. */
  head(sha256: string): Promise<{ size: number } | null>;

  /** Removes the object. Idempotent: resolves `false` when there was nothing to remove. */
  delete(sha256: string): Promise<boolean>;

  /**
   * Every stored key, each once, in ascending (lexicographic) order. Temporary files and
   * anything else that is not a complete object MUST NOT appear.
   */
  list(): AsyncIterable<string>;

  /**
   * Re-reads the object and hashes it (fixity check). `ok` is true only when the bytes hash to
   * the key. A missing object gives `{ ok: false }` without `actualSha256`.
   */
  verify(sha256: string): Promise<VerifyResult>;
}

export interface PutOptions {
  /** Lower-case hex SHA-256 the bytes MUST have, e.g. as declared by the uploader. */
  expectedSha256?: string;
  /** Byte count the source MUST have; a longer source is cut off as soon as it exceeds it. */
  expectedSize?: number;
  /** Lower-case hex SM3 the bytes MUST have (checked like `expectedSha256`; used by `putFile`). */
  expectedSm3?: string;
}

/** A file to adopt and what its writer computed of it. */
export interface AdoptFile {
  absPath: string;
  digests: FileDigests;
}

/** What a caller knows of a file it wrote: both digests (lower-case hex) and its size. */
export interface FileDigests {
  sha256: string;
  sm3: string;
  size: number;
}

export interface PutResult {
  /** Lower-case hex SHA-256, the object's key. */
  sha256: string;
  /** Lower-case hex SM3 (GB/T 32905). */
  sm3: string;
  size: number;
  /** False when the object already existed (nothing was written). */
  created: boolean;
}

export interface GetOptions {
  verify?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  actualSha256?: string;
  actualSm3?: string;
  size?: number;
}

export type StorageErrorCode =
  | 'storage_digest_mismatch'
  | 'storage_not_found'
  | 'storage_invalid_key'
  | 'storage_unavailable';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isStorageError = (e: unknown, code?: StorageErrorCode): e is StorageError =>
  e instanceof StorageError && (code === undefined || e.code === code);

const KEY = /^[0-9a-f]{64}$/;

/** True for a well-formed key: exactly 64 lower-case hex characters. */
export const isValidKey = (key: unknown): key is string => typeof key === 'string' && KEY.test(key);

/**
 * Throws `storage_invalid_key` unless `key` is well-formed. Adapters MUST call this before a key
 * reaches a file path or an object name, so that `../` and the like can never escape the store.
 */
export function assertKey(key: unknown): asserts key is string {
  if (!isValidKey(key)) {
    const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 80)) : typeof key;
    throw new StorageError('storage_invalid_key', `Invalid storage key ${shown}: expected 64 lower-case hex characters`);
  }
}

/** The two-level fan-out used by the adapters: `ab/cd/abcd…`. */
export const shardPath = (key: string): string => `${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`;
