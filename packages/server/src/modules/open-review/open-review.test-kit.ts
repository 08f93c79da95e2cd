import type { TestApp } from '../../../test/app.ts';
import { buildFonds, wsRecord } from '../../../test/catalogue-factory.ts';
import { scanDueRecords } from './open-review.scan.ts';

type Headers = Record<string, string>;

/** A fonds with archived 文书 records of the given years/titles, for the 开放审核 and portal tests. */
export async function archivedRecords(t: TestApp, headers: Headers, rows: Record<string, unknown>[]) {
  const f = await buildFonds(t.app, headers);
  const ids: string[] = [];
  for (const over of rows) {
    const year = (over.year as number | undefined) ?? 1990;
    const r = await t.app.inject({ method: 'POST', url: '/api/records', headers, payload: wsRecord(f.categoryId, { year, docDate: `${year}0315`, ...over }) });
    if (r.statusCode !== 200) throw new Error(`record: ${r.body}`);
    ids.push(r.json().id);
  }
  const a = await t.app.inject({ method: 'POST', url: '/api/records/archive', headers, payload: { ids } });
  if (a.statusCode !== 200) throw new Error(`archive: ${a.body}`);
  return { ...f, ids };
}

/** Queues what is due (directly, not as a job) and returns the review id of each record. */
export async function queue(t: TestApp, recordIds: string[], asOf = '2026-11-25') {
  await scanDueRecords(t.c.db, { requestedBy: 'test', asOf });
  const rows = await t.c.db.selectFrom('open_reviews').select(['id', 'record_id']).where('record_id', 'in', recordIds).where('stage', '<>', 'decided').execute();
  return recordIds.map((id) => rows.find((r) => r.record_id === id)?.id);
}

/** Takes reviews through 初审 and 复审 with the given decision (two archivists), then publishes. */
export async function openAndPublish(t: TestApp, a1: Headers, a2: Headers, reviewIds: string[], decision: 'open' | 'redacted' = 'open', redaction?: { title: string; hideFiles?: boolean }) {
  for (const headers of [a1, a2]) {
    const r = await t.app.inject({ method: 'POST', url: '/api/open-review/decide', headers, payload: { ids: reviewIds, decision, reason: '经审核无不宜开放内容', redaction } });
    if (r.statusCode !== 200) throw new Error(`decide: ${r.body}`);
  }
  const p = await t.app.inject({ method: 'POST', url: '/api/open-review/publish', headers: a1 });
  if (p.statusCode !== 200) throw new Error(`publish: ${p.body}`);
  await t.c.search.indexer.drain(); // the portal searches through the search index
  return p.json();
}
