import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { AipsTable } from '../../platform/db/schema.ts';
import type { ObjectStorage } from '../../platform/storage/index.ts';
import { notFound } from '../../http/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { buildBag, LANTAI_AGENT } from './aip.builder.ts';
import { recordAipEvent } from './aip.events.ts';
import { currentFingerprint, fingerprint, loadAipSource } from './aip.source.ts';

export const presentAip = (a: Selectable<AipsTable>) => ({
  id: a.id, recordId: a.record_id, version: a.version, recordVersion: a.record_version, sha256: a.sha256, sm3: a.sm3, size: Number(a.size),
  fileCount: a.file_count, payloadOxum: a.payload_oxum, origin: a.origin, createdBy: a.created_by, createdAt: a.created_at.toISOString(),
});
type Built = { built: boolean; reason: string | null; aip: ReturnType<typeof presentAip> | null };

/** A stored tar announced by this event and never recorded in `aips` is an orphan of a crashed build. */
export const STAGING_EVENT = 'information package staging';
const ORPHAN_AGE_MS = 6 * 3_600_000;

/**
 * Builds AIP versions without holding a transaction while files are read and written:
 *   1. a short repeatable-read transaction reads the source (record, items, files, events, history);
 *   2. outside any transaction the bag is written to a temp tar (hashed on the way), a PREMIS
 *      `information package staging` event names its SHA-256, and the tar goes into the store;
 *   3. a short transaction (per-record advisory lock) checks that nothing moved meanwhile (same newest
 *      version, same fingerprint) and records the row, the creation event and the audit entry together.
 * If the record moved, the stored tar is dropped again and the build starts over. A process killed
 * between 2 and 3 leaves a stored tar nothing points to: harmless (it is just an object), and
 * `sweepOrphans` deletes it (with its copies) once it is older than a build can take.
 */
export function createAipBuilder({ db, storage, tmpDir }: { db: Db; storage: ObjectStorage; tmpDir: string }) {
  async function build(recordId: string, by: string): Promise<Built> {
    for (let attempt = 1; ; attempt++) {
      const r = await attemptBuild(recordId, by);
      if (r !== 'moved') return r;
      if (attempt >= 3) return { built: false, reason: 'the record kept changing while its package was built; the next build will catch up', aip: null };
    }
  }

  async function attemptBuild(recordId: string, by: string): Promise<Built | 'moved'> {
    const plan = await db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
      const src = await loadAipSource(tx, recordId);
      if (!src) throw notFound();
      const last = await tx.selectFrom('aips').selectAll().where('record_id', '=', recordId).orderBy('version', 'desc').limit(1).executeTakeFirst();
      return { src, last };
    });
    const { src, last } = plan;
    if (src.record.parentId) return { built: false, reason: 'item of a volume: packaged with its volume', aip: null };
    if (src.record.status !== 'archived') return { built: false, reason: 'not archived: a draft has no AIP', aip: null };
    const fp = fingerprint(src);
    if (last && last.source_fingerprint === fp) return { built: false, reason: 'unchanged', aip: presentAip(last) };
    const version = (last?.version ?? 0) + 1;

    const bag = await buildBag(src, storage, tmpDir, version);
    let put;
    try {
      await recordAipEvent(db, { eventType: STAGING_EVENT, recordId, objectSha256: bag.sha256, outcome: 'pass', agent: { type: 'software', ...LANTAI_AGENT },
        detail: `AIP v${version} written (${bag.root}), being stored`, outcomeDetail: { version, size: bag.size } });
      put = await storage.put(createReadStream(bag.file), { expectedSha256: bag.sha256, expectedSize: bag.size });
    } finally {
      await rm(bag.file, { force: true });
    }
    const stored = put;
    try {
      const r = await db.transaction().execute(async (tx): Promise<Built | 'moved'> => {
        await sql`select pg_advisory_xact_lock(hashtext(${`aip:${recordId}`}))`.execute(tx);
        const now = await tx.selectFrom('aips').selectAll().where('record_id', '=', recordId).orderBy('version', 'desc').limit(1).executeTakeFirst();
        if (now && now.source_fingerprint === fp) return { built: false, reason: 'unchanged', aip: presentAip(now) }; // a concurrent build got there first
        if ((now?.version ?? 0) !== version - 1 || (await currentFingerprint(tx, recordId)) !== fp) return 'moved';
        if (!(await storage.head(stored.sha256))) return 'moved'; // swept meanwhile (a build slower than the orphan age)
        const row = await tx.insertInto('aips').values({
          record_id: recordId, version, record_version: src.record.version, source_fingerprint: fp, sha256: stored.sha256, sm3: stored.sm3, size: stored.size,
          file_count: bag.fileCount, payload_oxum: bag.payloadOxum, created_by: by,
        }).returningAll().executeTakeFirstOrThrow();
        await recordAipEvent(tx, {
          eventType: 'information package creation', recordId, objectSha256: stored.sha256, outcome: 'pass',
          detail: `AIP v${version}: BagIt 1.0 tar (${bag.root}) with METS/PREMIS and DA/T 46 metadata`,
          outcomeDetail: { version, payloadOxum: bag.payloadOxum, files: bag.fileCount, size: stored.size, sm3: stored.sm3 }, agent: { type: 'software', ...LANTAI_AGENT },
        });
        await appendAudit(tx, { actorId: null, actorName: by, actorRoles: [], action: 'aip.build', outcome: 'success', targetType: 'record', targetId: recordId,
          detail: { version, sha256: stored.sha256, size: stored.size, files: bag.fileCount } });
        return { built: true, reason: null, aip: presentAip(row) };
      });
      if (r === 'moved' || !r.built) await removeIfUnreferenced(stored.sha256);
      return r;
    } catch (e) {
      await removeIfUnreferenced(stored.sha256);
      throw e;
    }
  }

  async function removeIfUnreferenced(sha256: string) {
    const a = await db.selectFrom('aips').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    const f = await db.selectFrom('record_files').select('id').where('sha256', '=', sha256).limit(1).executeTakeFirst();
    if (!a && !f) await storage.delete(sha256).catch(() => false);
  }

  /**
   * Removes what crashed builds left: stored tars announced by a staging event (6 h to 30 days old) that
   * no AIP row or file row points to, and temp files in the build folder older than 6 h.
   */
  async function sweepOrphans({ olderThanMs = ORPHAN_AGE_MS }: { olderThanMs?: number } = {}) {
    const rows = await sql<{ sha256: string }>`
      select distinct e.object_sha256 as sha256 from preservation_events e
      where e.event_type = ${STAGING_EVENT} and e.event_at < now() - make_interval(secs => ${olderThanMs / 1000}) and e.event_at > now() - interval '30 days'
        and e.object_sha256 is not null
        and not exists (select 1 from aips a where a.sha256 = e.object_sha256)
        and not exists (select 1 from record_files f where f.sha256 = e.object_sha256)`.execute(db);
    let objects = 0;
    for (const { sha256 } of rows.rows) {
      if (!(await storage.head(sha256))) continue;
      await removeIfUnreferenced(sha256);
      objects++;
    }
    let temps = 0;
    for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
      if (!/^(aip|mets)-.*\.(tar|xml)$/.test(name)) continue;
      const f = path.join(tmpDir, name);
      const st = await stat(f).catch(() => null);
      if (st && Date.now() - st.mtimeMs >= olderThanMs && (await rm(f).then(() => true, () => false))) temps++;
    }
    return { objects, temps };
  }

  return { build, sweepOrphans };
}
