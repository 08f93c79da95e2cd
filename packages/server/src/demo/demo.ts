import { Readable } from 'node:stream';
import type { Container } from '../container.ts';
import type { RequestCtx } from '../modules/auth/index.ts';
import { DEMO_FONDS, DOC_TYPES, ORG_BY_TYPE, SUBJECTS, TOPICS, rng } from './demo-data.ts';
import { demoJpeg, demoPdf } from './demo-files.ts';

const RETENTION_BY_TYPE: Record<string, 'Y' | 'D30' | 'D10'> = { 请示: 'Y', 批复: 'Y', 会议纪要: 'Y', 意见: 'Y', 通知: 'D30', 方案: 'D30', 报告: 'D30', 函: 'D10' };

/**
 * Fills an empty archive with several fonds (文书 by 件, 会计 by 卷), a few thousand records across
 * the years and small PDF/JPEG files, through the same services a person uses (so numbering,
 * validation and audit are real). Does nothing when any fonds exists.
 */
export async function loadDemoData(c: Container, opts: { scale?: number; log?: (m: string) => void; progress?: (done: number, total: number) => Promise<void> } = {}): Promise<number> {
  const log = opts.log ?? console.log;
  const scale = opts.scale ?? 1;
  const planned = DEMO_FONDS.reduce((a, f) => a + Math.ceil(f.records * scale), 0);
  let done = 0;
  if (await c.db.selectFrom('fonds').select('id').limit(1).executeTakeFirst()) return 0;
  const archivist = await c.db.selectFrom('users').select(['id']).where('username', '=', 'archivist').executeTakeFirst();
  const ctx: RequestCtx = {
    actor: { kind: 'user', userId: archivist?.id ?? '00000000-0000-0000-0000-000000000000', username: 'demo-loader', roles: ['archivist'], clearance: 'juemi', fondsScope: [], sessionId: '', csrfToken: '' },
    requestId: 'demo', ip: '127.0.0.1',
  };
  const started = Date.now();
  log('正在载入演示数据 / loading demo data …');
  // Fonds load side by side; each keeps its own deterministic sequence.
  const counts = await Promise.all(DEMO_FONDS.map(async (f, fi) => {
    const r = rng(20211014 + fi);
    let total = 0;
    const toArchive: string[] = [];
    const fonds = await c.fonds.fonds.create({ code: f.code, name: f.name, agency: f.agency, startYear: f.startYear, endYear: null, description: f.description, history: f.history }, ctx);
    const ws = await c.fonds.schemes.createCategory(fonds.id, { template: 'WS', extraFields: [] }, ctx);
    const now = new Date().getFullYear();
    const n = Math.ceil(f.records * scale);
    for (let i = 0; i < n; i++) {
      const year = r.int(f.startYear, now - 1);
      const type = r.pick(DOC_TYPES);
      const topic = r.pick(TOPICS);
      const title = type === '会议纪要' ? `${f.abbr.replace('晋阳', '')}${year}年第${r.int(1, 24)}次${topic.slice(0, 6)}专题会议纪要` : `关于${topic}的${type}`;
      const date = `${year}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
      const rec = await c.catalogue.records.create({
        categoryId: ws.id, title, responsible: f.agency, docNumber: `${f.abbr}〔${year}〕${r.int(1, 180)}号`, docDate: date, year,
        retention: RETENTION_BY_TYPE[type] ?? 'D30', orgCode: r.pick(ORG_BY_TYPE[type] ?? ['BGS']), catalogueNo: '', security: r.next() < 0.9 ? 'public' : 'internal',
        secrecyPeriod: '', pages: r.int(1, 24), openStatus: year <= now - 25 ? 'open' : 'unreviewed', remarks: '', subjects: [r.pick(SUBJECTS)], scopeCode: '', extra: {},
      }, ctx);
      if (i < (scale < 1 ? 3 : 12)) {
        const pdf = await demoPdf(title, f.agency, rec.docNumber, date);
        await c.catalogue.files.add(rec.id, { filename: `${rec.archivalCode}.pdf`, stream: Readable.from([pdf]) }, ctx);
      } else if (i < (scale < 1 ? 5 : 18)) {
        await c.catalogue.files.add(rec.id, { filename: `${rec.archivalCode}-照片.jpg`, stream: Readable.from([demoJpeg(i)]) }, ctx);
      }
      if (year < now - 1 && r.next() < 0.7) toArchive.push(rec.id);
      total++;
      if (++done % 50 === 0) await opts.progress?.(done, planned);
    }
    for (let i = 0; i < toArchive.length; i += 500) await c.catalogue.records.archive(toArchive.slice(i, i + 500), ctx);
    if (f.code === 'Z109') total += await loadAccountingVolumes(c, fonds.id, ctx, r, scale < 1 ? 2019 : 2023);
    return total;
  }));
  const total = counts.reduce((a, b) => a + b, 0);
  log(`演示数据已载入 / demo data loaded: ${total} records in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return total;
}

async function loadAccountingVolumes(c: Container, fondsId: string, ctx: RequestCtx, r: ReturnType<typeof rng>, lastYear: number): Promise<number> {
  const kj = await c.fonds.schemes.createCategory(fondsId, { template: 'KJ', extraFields: [] }, ctx);
  let n = 0;
  for (let year = 2019; year <= lastYear; year++) {
    for (let m = 1; m <= 12; m += 3) {
      const vol = await c.catalogue.records.create({ categoryId: kj.id, title: `${year}年第${Math.ceil(m / 3)}季度记账凭证`, responsible: '晋阳市财政局', docNumber: '', docDate: '',
        year, retention: 'D30', orgCode: '', catalogueNo: '', security: 'internal', secrecyPeriod: '', pages: null, openStatus: 'unreviewed', remarks: '', subjects: ['会计凭证'], scopeCode: 'PZ', extra: {} }, ctx);
      for (let k = 0; k < 3; k++) {
        await c.catalogue.records.create({ categoryId: kj.id, parentId: vol.id, title: `${year}年${m + k}月记账凭证（第${r.int(1, 9)}册）`, responsible: '晋阳市财政局会计科', docNumber: '',
          docDate: `${year}${String(m + k).padStart(2, '0')}28`, year, retention: 'D30', orgCode: '', catalogueNo: '', security: 'internal', secrecyPeriod: '', pages: r.int(40, 200),
          openStatus: 'unreviewed', remarks: '', subjects: [], scopeCode: 'PZ', extra: {} }, ctx);
        n++;
      }
      n++;
    }
  }
  return n;
}
