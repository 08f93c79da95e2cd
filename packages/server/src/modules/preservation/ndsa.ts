import { sql } from 'kysely';
import type { NdsaAssessment } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import type { Location, Policy } from './locations.repository.ts';

type Text = { zh: string; en: string };
type Criterion = { level: 1 | 2 | 3 | 4; ok: boolean; evidence: Text; missing: Text };

/** The level is the highest L such that every criterion of levels 1..L holds; each failing criterion above it is a reason. */
function assess(area: NdsaAssessment['area'], criteria: Criterion[]): NdsaAssessment {
  let level = 0;
  for (const l of [1, 2, 3, 4] as const) {
    if (criteria.filter((c) => c.level === l).every((c) => c.ok)) level = l;
    else break;
  }
  return {
    area, level,
    evidence: criteria.filter((c) => c.ok && c.level <= level).map((c) => c.evidence),
    notHigher: criteria.filter((c) => !c.ok).map((c) => ({ level: c.level, zh: c.missing.zh, en: c.missing.en })),
  };
}

const t = (zh: string, en: string): Text => ({ zh, en });
const DAY = 86_400_000;

export interface Evidence {
  objects: number;
  /** Objects whose present copies reach n copies / distinct zones / distinct media. */
  minCopies: number; minZones: number; minMedia: number;
  damaged: number; openNoGoodCopy: number;
  staleFixity: number; readChecks: number; repairs: number; failures: number;
  virusChecked: number; formatKnown: number; files: number; validated: number; aips: number; migrated: number;
  auditCheckpointAt: Date | null; backupAt: Date | null;
}

/** Gathers the facts the levels are computed from, straight from the tables. */
export async function gatherEvidence(db: Db, locations: Location[], policy: Policy): Promise<Evidence> {
  const loc = new Map(locations.map((l) => [l.id, l]));
  const per = await db.selectFrom('object_replicas').select(['sha256', 'location_id']).where('state', '=', 'present').execute();
  const bySha = new Map<string, string[]>();
  for (const r of per) (bySha.get(r.sha256) ?? bySha.set(r.sha256, []).get(r.sha256)!).push(r.location_id);
  const objects = Number((await db.selectFrom('preservation_objects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let minCopies = objects > bySha.size ? 0 : Infinity, minZones = minCopies, minMedia = minCopies;
  for (const ls of bySha.values()) {
    minCopies = Math.min(minCopies, ls.length);
    minZones = Math.min(minZones, new Set(ls.map((l) => loc.get(l)?.zone || l)).size);
    minMedia = Math.min(minMedia, new Set(ls.map((l) => loc.get(l)?.medium)).size);
  }
  if (!objects) minCopies = minZones = minMedia = 0;
  const count = async (q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(db)).rows[0]?.n ?? 0);
  const cycleAgo = new Date(Date.now() - policy.fixityCycleDays * DAY);
  return {
    objects, minCopies, minZones, minMedia,
    damaged: await count(sql`select count(*)::int as n from object_replicas where state in ('missing','corrupt')`),
    openNoGoodCopy: await count(sql`select count(*)::int as n from preservation_incidents where kind = 'no_good_copy' and state <> 'resolved'`),
    staleFixity: await count(sql`select count(*)::int as n from object_replicas where state = 'present' and coalesce(last_checked_at, copied_at, '-infinity') < ${cycleAgo}`),
    readChecks: await count(sql`select count(*)::int as n from (select 1 from preservation_events where event_type = 'fixity check' and detail = 'check on read' limit 1) x`),
    repairs: await count(sql`select count(*)::int as n from preservation_events where event_type = 'repair' and outcome = 'pass'`),
    failures: await count(sql`select count(*)::int as n from preservation_events where event_type = 'fixity check' and outcome = 'fail'`),
    virusChecked: await count(sql`select count(distinct object_sha256)::int as n from preservation_events where event_type = 'virus check' and outcome <> 'fail'`),
    files: await count(sql`select count(*)::int as n from record_files`),
    formatKnown: await count(sql`select count(*)::int as n from record_files where mime <> 'application/octet-stream'`),
    validated: await count(sql`select count(distinct coalesce(object_sha256, record_id::text))::int as n from preservation_events where event_type = 'validation' and outcome <> 'fail'`),
    aips: await count(sql`select count(*)::int as n from preservation_events where event_type = 'information package creation' and outcome = 'pass'`),
    migrated: await count(sql`select count(*)::int as n from preservation_events where event_type in ('migration','normalization') and outcome = 'pass'`),
    auditCheckpointAt: (await sql<{ at: Date | null }>`select max(at) as at from audit_checkpoints`.execute(db)).rows[0]?.at ?? null,
    backupAt: (await sql<{ at: Date | null }>`select max(event_at) as at from preservation_events where event_type = 'backup' and outcome = 'pass'`.execute(db)).rows[0]?.at ?? null,
  };
}

/** NDSA Levels of Digital Preservation v2.0, per area, from the system's own evidence. */
export function ndsaLevels(e: Evidence, policy: Policy): NdsaAssessment[] {
  const n = e.objects;
  const pct = (k: number, of: number) => (of ? `${k}/${of}` : '0/0');
  const recent = (d: Date | null, days: number) => !!d && Date.now() - d.getTime() < days * DAY;
  return [
    assess('storage', [
      { level: 1, ok: n > 0 && e.minCopies >= 2, evidence: t(`每个对象至少 ${e.minCopies} 份完整副本`, `every object has at least ${e.minCopies} complete copies`), missing: t(n ? `有对象少于 2 份副本（最少 ${e.minCopies} 份）` : '尚无保存对象', n ? `some object has fewer than 2 copies (minimum ${e.minCopies})` : 'no objects stored yet') },
      { level: 1, ok: true, evidence: t('每个存储位置都登记了介质类型', 'every storage location records its medium'), missing: t('', '') },
      { level: 2, ok: e.minCopies >= 3, evidence: t('每个对象至少 3 份副本', 'every object has at least 3 copies'), missing: t(`有对象少于 3 份副本（最少 ${e.minCopies}）`, `some object has fewer than 3 copies (minimum ${e.minCopies})`) },
      { level: 2, ok: e.minZones >= 2, evidence: t('至少一份副本在异地', 'at least one copy in another geographic zone'), missing: t('有对象的所有副本都在同一地点（区域）', 'some object has all its copies in one zone') },
      { level: 3, ok: e.minMedia >= Math.max(2, policy.mediaTypes), evidence: t(`副本分布在 ${e.minMedia} 种介质上（异质）`, `copies on ${e.minMedia} media types`), missing: t(`有对象的副本只在 ${e.minMedia} 种介质上，策略要求 ${Math.max(2, policy.mediaTypes)} 种`, `some object is on ${e.minMedia} media type(s); ${Math.max(2, policy.mediaTypes)} required`) },
      { level: 4, ok: e.minZones >= 3, evidence: t('至少 3 份副本，各在不同灾害威胁区域', 'at least 3 copies, each in a different disaster-threat zone'), missing: t(`有对象的副本只分布在 ${e.minZones} 个区域，需 3 个`, `some object's copies span ${e.minZones} zone(s); 3 needed`) },
      { level: 4, ok: false, evidence: t('', ''), missing: t('介质/存储过时应对计划的执行不在本系统中记录', 'executing plans against storage obsolescence is not recorded in Lantai') },
    ]),
    assess('integrity', [
      { level: 1, ok: true, evidence: t('入库时计算并核对 SHA-256/SM3', 'SHA-256 and SM3 computed and checked on ingest'), missing: t('', '') },
      { level: 1, ok: n > 0 && e.virusChecked >= n, evidence: t('全部内容经病毒检查', 'all content virus-checked'), missing: t(`病毒检查事件覆盖 ${pct(e.virusChecked, n)} 个对象`, `virus-check events cover ${pct(e.virusChecked, n)} objects`) },
      { level: 2, ok: true, evidence: t('每次复制、修复后在目标端重新读取校验', 'digest verified at the destination after every copy and repair'), missing: t('', '') },
      { level: 2, ok: true, evidence: t('校验值存于数据库，与内容分开保存', 'digests kept in the database, apart from the content'), missing: t('', '') },
      { level: 3, ok: n > 0 && e.staleFixity === 0, evidence: t(`所有副本在 ${policy.fixityCycleDays} 天周期内完成定期校验`, `every copy checked within the ${policy.fixityCycleDays}-day cycle`), missing: t(`${e.staleFixity} 份副本超过 ${policy.fixityCycleDays} 天未校验`, `${e.staleFixity} copies not checked within ${policy.fixityCycleDays} days`) },
      { level: 4, ok: e.readChecks > 0, evidence: t('每次读取都校验（读取即校验事件）', 'fixity checked on every read (events recorded)'), missing: t('尚无读取时校验的记录', 'no check-on-read recorded yet') },
      { level: 4, ok: e.damaged === 0 && e.openNoGoodCopy === 0, evidence: t(`自动修复：${e.repairs} 次修复，当前无损坏副本`, `automatic repair: ${e.repairs} repairs, no damaged copy now`), missing: t(`${e.damaged} 份副本损坏或缺失，${e.openNoGoodCopy} 个对象无完好副本`, `${e.damaged} copies damaged or missing, ${e.openNoGoodCopy} objects without a good copy`) },
    ]),
    assess('control', [
      { level: 1, ok: true, evidence: t('按角色（三员分立）规定读、写、移动、删除权限', 'read/write/move/delete rights set per role (separation of duties)'), missing: t('', '') },
      { level: 2, ok: true, evidence: t('每个接口强制执行权限矩阵', 'the authorisation matrix is enforced on every route'), missing: t('', '') },
      { level: 3, ok: true, evidence: t('防篡改审计日志与 PREMIS 事件记录操作主体', 'tamper-evident audit log and PREMIS events identify the agents'), missing: t('', '') },
      { level: 4, ok: recent(e.auditCheckpointAt, 90), evidence: t('审计员 90 天内校验过审计链', 'the auditor verified the audit chain within 90 days'), missing: t('90 天内没有审计链校验（定期审查日志）', 'no audit-chain verification in the last 90 days (periodic log review)') },
    ]),
    assess('metadata', [
      { level: 1, ok: n > 0, evidence: t('对象及其存储位置有清单', 'inventory of objects and where their copies are'), missing: t('清单为空', 'the inventory is empty') },
      { level: 1, ok: recent(e.backupAt, 30), evidence: t('清单（数据库）30 天内已异地备份', 'inventory (database) backed up elsewhere within 30 days'), missing: t('30 天内没有备份记录（backup 事件）', "no backup recorded in 30 days ('backup' event)") },
      { level: 2, ok: e.aips > 0, evidence: t('AIP 含描述、技术、保存与结构元数据（METS/PREMIS）', 'AIPs hold descriptive, technical, preservation and structural metadata (METS/PREMIS)'), missing: t('尚未生成 AIP（结构元数据）', 'no AIP generated yet (structural metadata)') },
      { level: 3, ok: true, evidence: t('采用 DA/T 46、METS、PREMIS 标准', 'DA/T 46, METS and PREMIS chosen'), missing: t('', '') },
      { level: 4, ok: true, evidence: t('保存行为及时间记为 PREMIS 事件', 'preservation actions and their times recorded as PREMIS events'), missing: t('', '') },
    ]),
    assess('content', [
      { level: 1, ok: e.files > 0 && e.formatKnown === e.files, evidence: t('按内容识别每个文件的格式', 'every file format identified from its content'), missing: t(`已识别格式 ${pct(e.formatKnown, e.files)}`, `formats identified for ${pct(e.formatKnown, e.files)} files`) },
      { level: 2, ok: e.files > 0 && e.validated >= e.files, evidence: t('格式已验证', 'formats validated'), missing: t(`验证事件覆盖 ${pct(e.validated, e.files)}`, `validation events cover ${pct(e.validated, e.files)}`) },
      { level: 3, ok: false, evidence: t('', ''), missing: t('格式过时监测（风险登记）尚未实现', 'format obsolescence monitoring (risk register) is not implemented') },
      { level: 4, ok: e.migrated > 0, evidence: t('已执行迁移/规范化', 'migration/normalization performed'), missing: t('尚无迁移/规范化事件', 'no migration/normalization events yet') },
    ]),
  ];
}
