import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../../platform/db/database.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { actorAudit, type RequestCtx } from '../auth/index.ts';
import { actorName } from '../fonds/fonds.policy.ts';
import { LANTAI_AGENT } from './aip.builder.ts';
import { recordAipEvent } from './aip.events.ts';
import { insertPackage, type LantaiRecordJson } from './aip.import.rows.ts';
import { presentAip } from './aip.service.ts';
import { fingerprint } from './aip.source.ts';
import { extractTar } from './bag.extract.ts';
import { validateBagDir, type BagReport } from './bag.validate.ts';

/**
 * Reads AIPs exported by a Lantai archive back in: the tar is spooled to disk, unpacked safely, validated
 * as a bag, then every file goes to the store with its digest checked and the fonds, 门类, scheme,
 * records (same ids, 档号, versions, history), files, preservation copies and events are inserted in one
 * transaction together with the AIP itself (kept byte for byte as an 'imported' version). Any failure
 * leaves nothing behind: no rows, and objects this import created are removed unless referenced.
 */
export function createAipImportService({ db, storage, tmpDir }: { db: Db; storage: ObjectStorage; tmpDir: string }) {
  async function unpack(src: Readable) {
    await mkdir(tmpDir, { recursive: true });
    const work = await mkdtemp(path.join(tmpDir, 'aip-import-'));
    const tarFile = path.join(work, 'upload.tar');
    try {
      await pipeline(src, createWriteStream(tarFile));
      const root = await extractTar(createReadStream(tarFile), path.join(work, 'bag'));
      return { work, tarFile, root, report: await validateBagDir(root) };
    } catch (e) {
      await rm(work, { recursive: true, force: true });
      throw e;
    }
  }

  async function validate(src: Readable): Promise<BagReport> {
    const u = await unpack(src);
    await rm(u.work, { recursive: true, force: true });
    return u.report;
  }

  async function importTar(src: Readable, ctx: RequestCtx) {
    const u = await unpack(src);
    const created: string[] = [];
    try {
      if (!u.report.valid) throw new DomainError('aip_invalid_bag', 400, u.report.errors.slice(0, 50).map((m) => ({ path: 'bag', message: m })));
      const jsonPath = path.join(u.root, 'data/metadata/lantai-record.json');
      if (!existsSync(jsonPath)) throw new DomainError('aip_not_lantai', 400);
      const pkg = JSON.parse(await readFile(jsonPath, 'utf8')) as LantaiRecordJson;
      if (pkg.format !== 'lantai-aip-record' || !pkg.record?.id) throw new DomainError('aip_not_lantai', 400);
      for (const f of pkg.files) {
        const file = path.join(u.root, 'data', f.path);
        if (!f.path || !existsSync(file)) throw new DomainError('aip_invalid_bag', 400, [{ path: f.path ?? '', message: 'file named in lantai-record.json is not in the bag' }]);
        const put = await storage.put(createReadStream(file), { expectedSha256: f.sha256, expectedSize: f.size }).catch((e: Error) => {
          throw new DomainError('aip_invalid_bag', 400, [{ path: f.path, message: e.message.slice(0, 200) }]);
        });
        if (put.created) created.push(put.sha256);
      }
      const size = (await stat(u.tarFile)).size;
      const tarPut = await storage.put(createReadStream(u.tarFile), { expectedSize: size });
      if (tarPut.created) created.push(tarPut.sha256);
      const by = actorName(ctx.actor);
      const aip = await db.transaction().execute(async (tx) => {
        await insertPackage(tx, pkg);
        const row = await tx.insertInto('aips').values({
          record_id: pkg.record.id, version: pkg.aipVersion, record_version: pkg.record.version, source_fingerprint: fingerprint(pkg), sha256: tarPut.sha256, sm3: tarPut.sm3,
          size: tarPut.size, file_count: pkg.files.length, payload_oxum: u.report.info.find(([k]) => k === 'Payload-Oxum')?.[1] ?? '', origin: 'imported', created_by: by,
        }).returningAll().executeTakeFirstOrThrow();
        await recordAipEvent(tx, { eventType: 'ingestion', recordId: pkg.record.id, objectSha256: tarPut.sha256, outcome: 'pass',
          detail: `AIP v${pkg.aipVersion} of ${pkg.record.archivalCode} imported from another archive (Lantai ${pkg.lantaiVersion})`,
          outcomeDetail: { bagWarnings: u.report.warnings.length, files: pkg.files.length, payloadOxum: row.payload_oxum }, agent: { type: 'software', ...LANTAI_AGENT } });
        await appendAudit(tx, { ...actorAudit(ctx.actor), action: 'aip.import', outcome: 'success', targetType: 'record', targetId: pkg.record.id, requestId: ctx.requestId, ip: ctx.ip,
          detail: { archivalCode: pkg.record.archivalCode, version: pkg.aipVersion, sha256: tarPut.sha256, records: 1 + pkg.items.length, files: pkg.files.length } });
        return presentAip(row);
      });
      return { recordId: pkg.record.id, archivalCode: pkg.record.archivalCode, records: 1 + pkg.items.length, files: pkg.files.length, aip, bag: u.report };
    } catch (e) {
      for (const sha of created) await removeIfUnreferenced(sha);
      throw e;
    } finally {
      await rm(u.work, { recursive: true, force: true });
    }
  }

  async function removeIfUnreferenced(sha256: string) {
    const a = await db.selectFrom('aips').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    const f = await db.selectFrom('record_files').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    if (!a && !f) await storage.delete(sha256).catch(() => false);
  }

  return { validate, importTar };
}
export type AipImportService = ReturnType<typeof createAipImportService>;
