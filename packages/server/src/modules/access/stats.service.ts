import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { AccessPurpose, type AccessStats } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { invalid } from '../../http/errors.ts';
import type { RequestCtx } from '../auth/index.ts';
import { PURPOSE_LABELS } from './access.labels.ts';
import { authorizeStaff } from './access.policy.ts';

const TZ = 'Asia/Shanghai';
const FORMAT = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' } as const;

/** 利用 statistics per day, month or year (China time): requests, decisions, deliveries, views, downloads, purposes. */
export function createStatsService({ db }: { db: Db }) {
  async function stats(q: { from: string; to: string; period: 'day' | 'month' | 'year' }, ctx: RequestCtx): Promise<AccessStats> {
    authorizeStaff(ctx.actor);
    if (q.from > q.to) throw invalid([{ path: 'to', message: '结束日期早于开始日期 / ends before it starts' }]);
    if (q.period === 'day' && Date.parse(q.to) - Date.parse(q.from) > 400 * 86400_000) throw invalid([{ path: 'period', message: '按日统计最多 400 天 / at most 400 days by day' }]);
    const p = sql.lit(q.period);
    const fmt = sql.lit(FORMAT[q.period]);
    const r = await sql<{ period: string; requests: string; approved: string; rejected: string; deliveries: string; views: string; downloads: string }>`
      with bounds as (select (${q.from}::date)::timestamp at time zone ${TZ} as lo, (${q.to}::date + 1)::timestamp at time zone ${TZ} as hi),
      series as (select to_char(g, ${fmt}) as period from generate_series(date_trunc(${p}, ${q.from}::date), ${q.to}::date, ('1 ' || ${p})::interval) g),
      ev as (
        select to_char(created_at at time zone ${TZ}, ${fmt}) as period, 'requests' as k from access_requests, bounds where created_at >= lo and created_at < hi
        union all select to_char(decided_at at time zone ${TZ}, ${fmt}), status from access_requests, bounds where status in ('approved','rejected') and decided_at >= lo and decided_at < hi
        union all select to_char(created_at at time zone ${TZ}, ${fmt}), 'deliveries' from access_deliveries, bounds where created_at >= lo and created_at < hi
        union all select to_char(at at time zone ${TZ}, ${fmt}), case when kind = 'view' then 'views' else 'downloads' end from access_events, bounds where at >= lo and at < hi
      )
      select s.period,
        count(*) filter (where k = 'requests') as requests, count(*) filter (where k = 'approved') as approved, count(*) filter (where k = 'rejected') as rejected,
        count(*) filter (where k = 'deliveries') as deliveries, count(*) filter (where k = 'views') as views, count(*) filter (where k = 'downloads') as downloads
      from series s left join ev on ev.period = s.period group by s.period order by s.period`.execute(db);
    const purposes = await sql<{ purpose: string; n: string }>`
      select purpose, count(*) as n from access_requests
      where created_at >= (${q.from}::date)::timestamp at time zone ${TZ} and created_at < (${q.to}::date + 1)::timestamp at time zone ${TZ}
      group by purpose`.execute(db);
    const rows = r.rows.map((x) => ({ period: x.period, requests: +x.requests, approved: +x.approved, rejected: +x.rejected, deliveries: +x.deliveries, views: +x.views, downloads: +x.downloads }));
    const sum = (k: keyof (typeof rows)[number]) => rows.reduce((s, x) => s + (x[k] as number), 0);
    return {
      rows,
      purposes: AccessPurpose.options.map((p) => ({ purpose: p, requests: Number(purposes.rows.find((x) => x.purpose === p)?.n ?? 0) })),
      totals: { requests: sum('requests'), approved: sum('approved'), rejected: sum('rejected'), deliveries: sum('deliveries'), views: sum('views'), downloads: sum('downloads') },
    };
  }

  async function xlsx(q: Parameters<typeof stats>[0], ctx: RequestCtx): Promise<Buffer> {
    const s = await stats(q, ctx);
    const wb = new ExcelJS.Workbook();
    wb.creator = '兰台 Lantai';
    const ws = wb.addWorksheet('利用统计');
    ws.columns = [
      { header: '期间', key: 'period', width: 12 }, { header: '申请', key: 'requests', width: 10 }, { header: '批准', key: 'approved', width: 10 }, { header: '不予批准', key: 'rejected', width: 10 },
      { header: '交付', key: 'deliveries', width: 10 }, { header: '查看(页次)', key: 'views', width: 12 }, { header: '下载/出证', key: 'downloads', width: 12 },
    ];
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.addRow({ period: '合计', ...s.totals }).font = { bold: true };
    const wp = wb.addWorksheet('利用目的');
    wp.columns = [{ header: '利用目的', key: 'label', width: 18 }, { header: '申请', key: 'requests', width: 10 }];
    wp.getRow(1).font = { bold: true };
    for (const p of s.purposes) wp.addRow({ label: PURPOSE_LABELS[p.purpose], requests: p.requests });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  return { stats, xlsx };
}
export type StatsService = ReturnType<typeof createStatsService>;
