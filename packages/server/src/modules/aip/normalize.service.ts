import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { appendAudit } from '../audit/index.ts';
import { recordAipEvent } from './aip.events.ts';
import { cleanup, imageToPng, officeToPdfa, pdfaClaim, toolVersion } from './normalize.tools.ts';

/** Which originals get a preservation copy, and in what format (GB/T 18894 §5.4: 版式 PDF/A for text, lossless images). */
export interface NormalizationPolicy {
  office: boolean;
  /** mime → target image format. */
  images: Record<string, 'png'>;
  timeoutMs: number;
}
export const DEFAULT_POLICY: NormalizationPolicy = { office: true, images: { 'image/bmp': 'png', 'image/gif': 'png' }, timeoutMs: 120_000 };

const OFFICE_EXT = new Set(['doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'wps', 'et', 'dps']);
const OFFICE_MIME = /officedocument|msword|ms-excel|ms-powerpoint|opendocument|application\/rtf|application\/x-cfb/;

export function targetFor(f: { mime: string; filename: string }, policy: NormalizationPolicy): 'pdfa' | 'png' | null {
  const ext = f.filename.toLowerCase().split('.').pop() ?? '';
  if (policy.office && (OFFICE_EXT.has(ext) || (OFFICE_MIME.test(f.mime) && f.mime !== 'application/x-cfb'))) return 'pdfa';
  return policy.images[f.mime] ?? null;
}

/**
 * Makes the preservation copies a record's originals lack. Each attempt leaves evidence: a
 * preservation_copies row and a PREMIS 'migration' event (tool and version, outcome, for PDF/A the
 * level the XMP claims). A good copy becomes a record file with role 'preservation' beside its original.
 */
export function createNormalizeService({ db, storage, tmpDir, policy = DEFAULT_POLICY }: { db: Db; storage: ObjectStorage; tmpDir: string; policy?: NormalizationPolicy }) {
  async function forRecord(recordId: string) {
    const kids = await db.selectFrom('records').select('id').where('parent_id', '=', recordId).execute();
    const files = await db.selectFrom('record_files').selectAll().where('record_id', 'in', [recordId, ...kids.map((k) => k.id)]).where('role', '=', 'original').orderBy('created_at').execute();
    const done = files.length ? await db.selectFrom('preservation_copies').select(['source_file_id', 'target_format']).where('source_file_id', 'in', files.map((f) => f.id)).execute() : [];
    const tried = new Set(done.map((d) => `${d.source_file_id}:${d.target_format}`));
    let made = 0;
    let failed = 0;
    for (const f of files) {
      const target = targetFor(f, policy);
      if (!target || tried.has(`${f.id}:${target}`)) continue;
      if (await convert(f, target)) made++;
      else failed++;
    }
    return { made, failed };
  }

  async function convert(f: { id: string; record_id: string; filename: string; sha256: string; mime: string }, target: 'pdfa' | 'png') {
    await mkdir(tmpDir, { recursive: true });
    const work = await mkdtemp(path.join(tmpDir, 'norm-'));
    const tool = target === 'pdfa' ? 'soffice' : 'ffmpeg';
    const toolName = target === 'pdfa' ? 'LibreOffice' : 'FFmpeg';
    const version = await toolVersion(tool);
    try {
      const ext = f.filename.includes('.') ? f.filename.slice(f.filename.lastIndexOf('.')).replace(/[^.A-Za-z0-9]/g, '') : '';
      const input = path.join(work, `source${ext}`);
      await pipeline(await storage.get(f.sha256, { verify: true }), createWriteStream(input));
      const out = target === 'pdfa' ? await officeToPdfa(input, work, policy.timeoutMs) : await imageToPng(input, work, policy.timeoutMs);
      const claim = out.file && target === 'pdfa' ? await pdfaClaim(out.file) : null;
      const problem = !out.file ? (out.run.timedOut ? `timed out after ${policy.timeoutMs} ms` : `exit ${out.run.code}: ${out.run.stderr.slice(0, 500)}`)
        : target === 'pdfa' && !claim?.startsWith('2') ? `the PDF claims no PDF/A-2 conformance in its XMP (${claim ?? 'none'})` : null;
      const base = f.filename.replace(/\.[^.]*$/, '') || 'file';
      const copyName = `${base}.${target === 'pdfa' ? 'pdf' : 'png'}`;
      const outcomeDetail = { tool: toolName, toolVersion: version, target: target === 'pdfa' ? `PDF/A-${claim ?? '?'}` : 'PNG', sourceFileId: f.id, sourceSha256: f.sha256 };
      if (problem || !out.file) {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('preservation_copies').values({ source_file_id: f.id, outcome: 'fail', target_format: target, tool: toolName, tool_version: version, detail: JSON.stringify({ problem }) }).execute();
          await recordAipEvent(tx, { eventType: 'migration', recordId: f.record_id, objectSha256: f.sha256, outcome: 'fail', detail: `${f.filename} → ${copyName} failed: ${problem}`,
            outcomeDetail, agent: { type: 'software', name: toolName, version } });
        });
        return false;
      }
      const size = (await stat(out.file)).size;
      const put = await storage.put(createReadStream(out.file), { expectedSize: size });
      await db.transaction().execute(async (tx) => {
        const row = await tx.insertInto('record_files').values({
          record_id: f.record_id, role: 'preservation', filename: copyName, mime: target === 'pdfa' ? 'application/pdf' : 'image/png', size: put.size, sha256: put.sha256, sm3: put.sm3,
          created_by: `${toolName} ${version}`,
        }).returning('id').executeTakeFirstOrThrow();
        await tx.insertInto('preservation_copies').values({ source_file_id: f.id, copy_file_id: row.id, outcome: 'pass', target_format: target, tool: toolName, tool_version: version,
          detail: JSON.stringify({ pdfa: claim, sha256: put.sha256, size: put.size }) }).execute();
        await recordAipEvent(tx, { eventType: 'migration', recordId: f.record_id, objectSha256: f.sha256, outcome: 'pass', detail: `${f.filename} → ${copyName}`,
          outcomeDetail: { ...outcomeDetail, copyFileId: row.id, copySha256: put.sha256, copySm3: put.sm3 }, agent: { type: 'software', name: toolName, version } });
        await appendAudit(tx, { actorId: null, actorName: 'system', actorRoles: [], action: 'record.file.normalize', outcome: 'success', targetType: 'record', targetId: f.record_id,
          detail: { sourceFileId: f.id, copyFileId: row.id, sha256: put.sha256, tool: `${toolName} ${version}` } });
      });
      return true;
    } finally {
      await cleanup(work);
    }
  }

  return { forRecord, convert };
}
export type NormalizeService = ReturnType<typeof createNormalizeService>;
