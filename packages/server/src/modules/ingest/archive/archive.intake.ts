import { ArchiveMetadata, IdempotencyKey } from '@lantai/api';
import { DomainError, invalid } from '../../../http/errors.ts';
import { SpoolLimitError, spoolFiles, type SpooledFile, type SpoolPart } from './spool.ts';

/** A part as @fastify/multipart's `req.parts()` yields it. */
export type MultipartPart = ({ type: 'field'; fieldname: string; value: unknown; valueTruncated?: boolean } | ({ type: 'file' } & SpoolPart));

/** The Idempotency-Key header, or 400 `archive_idempotency_key`. */
export function idempotencyKeyOf(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v || !IdempotencyKey.safeParse(v).success) throw new DomainError('archive_idempotency_key', 400);
  return v;
}

const multipartError = (e: unknown): never => {
  const code = (e as { code?: string }).code;
  if (code === 'FST_INVALID_JSON_FIELD_ERROR') throw new DomainError('archive_metadata_json', 400);
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_PROTO_VIOLATION') throw new DomainError('archive_field_unexpected', 400);
  if (code === 'FST_FILES_LIMIT') throw new DomainError('archive_too_many_files', 413);
  if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('archive_file_too_large', 413);
  throw e;
};

/**
 * Reads the first part, which must be the `metadata` field (JSON, as text or application/json), and
 * validates it. Nothing is written to disk before this passes.
 */
export async function readMetadata(it: AsyncIterator<MultipartPart>): Promise<ArchiveMetadata> {
  const first = await it.next().catch(multipartError);
  if (!first.done && first.value.type === 'file') first.value.file.resume();
  if (first.done || first.value.type !== 'field' || first.value.fieldname !== 'metadata') throw new DomainError('archive_metadata_missing', 400);
  const f = first.value;
  if (f.valueTruncated) throw new DomainError('archive_metadata_too_large', 413);
  let raw: unknown = f.value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new DomainError('archive_metadata_json', 400);
    }
  }
  const parsed = ArchiveMetadata.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.slice(0, 20).map((i) => ({ path: `metadata.${i.path.join('.')}`, message: i.message })), 'archive_metadata_invalid');
  return parsed.data;
}

/** Streams the remaining parts (files only) into `dir`; any failure removes the folder (spoolFiles). */
export async function receiveFiles(it: AsyncIterator<MultipartPart>, dir: string, maxFiles: number): Promise<SpooledFile[]> {
  const files = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const n = await it.next().catch(multipartError);
        if (n.done) return;
        if (n.value.type !== 'file') throw new DomainError('archive_field_unexpected', 400, [{ path: n.value.fieldname.slice(0, 100), message: '只允许一个 metadata 字段 / only one metadata field' }]);
        yield n.value;
      }
    },
  };
  try {
    return await spoolFiles(files, dir, { maxFiles });
  } catch (e) {
    if (e instanceof SpoolLimitError) throw new DomainError(e.limit === 'files' ? 'archive_too_many_files' : 'archive_file_too_large', 413);
    return multipartError(e);
  }
}
