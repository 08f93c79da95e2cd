import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestApp } from '../../../../test/app.ts';
import { ingestClient } from '../../ingest/test/ingest.kit.ts';
import { TESTDATA } from '../../ingest/test/testdata.ts';
import { transfer2012, zipBuffer } from '../../ingest/test/zip.writer.ts';

/** Real PDFs from ../shared/testdata (INDEX.md §5): two that must be accepted, one that is not a PDF at all. */
export const realPdf = (rel: string) => readFileSync(path.join(TESTDATA, 'pdf', rel));
export const GOOD_A = 'chinese/ofdrw-converter/Test3.pdf';
export const GOOD_B = 'chinese/ofdrw-converter/xbrl-001.pdf';
export const NOT_A_PDF = 'qpdf-broken/bad1.pdf';

/** A 2012 offline-transfer carrier holding the given testdata PDFs (one record each, 2021). */
export function carrier(files: string[]) {
  return zipBuffer(transfer2012(files.map((f, i) => ({ title: `关于第${i + 1}项工作的通知`, date: `2021031${i + 1}`, file: `${String(i + 1).padStart(3, '0')}-${path.basename(f)}`, data: realPdf(f) }))));
}
export const contentBytes = (files: string[]) => files.reduce((s, f) => s + realPdf(f).length, 0);

/** Drives the transfer API as one side. */
export function transferClient(t: TestApp, headers: Record<string, string>) {
  const inject = t.app.inject.bind(t.app);
  const io = ingestClient(t, headers);
  const post = (url: string, payload: object) => inject({ method: 'POST', url, headers, payload });
  return {
    upload: io.upload,
    create: (categoryId: string, over: Record<string, unknown> = {}) => post('/api/transfers', {
      idempotencyKey: `t-${randomUUID()}`, title: '2021年度文书档案移交', description: '办公室 2021 年文书档案', transferringUnit: '测试局办公室', receivingUnit: '测试市档案馆',
      categoryId, yearFrom: 2021, yearTo: 2021, declaredRecords: 2, declaredFiles: 2, declaredBytes: 0, defaults: { orgCode: 'BGS' }, ...over,
    }),
    get: (id: string) => inject({ url: `/api/transfers/${id}`, headers }),
    attach: (id: string, version: number, uploadId: string) => post(`/api/transfers/${id}/packages`, { version, uploadId }),
    detach: (id: string, version: number, packageId: string) => post(`/api/transfers/${id}/packages/${packageId}/detach`, { version }),
    act: (id: string, action: string, body: Record<string, unknown>) => post(`/api/transfers/${id}/${action}`, body),
    patch: (id: string, body: Record<string, unknown>) => inject({ method: 'PATCH', url: `/api/transfers/${id}`, headers, payload: body }),
    async waitFor(id: string, statuses: string[]) {
      for (let i = 0; i < 1200; i++) {
        const r = (await inject({ url: `/api/transfers/${id}`, headers })).json();
        if (statuses.includes(r.status)) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error(`transfer ${id} did not reach ${statuses.join('/')}`);
    },
  };
}

/** Waits on the database alone (no API read in between) until the transfer reaches one of the statuses. */
export async function untilStatus(t: TestApp, id: string, statuses: string[]) {
  for (let i = 0; i < 1200; i++) {
    const r = await t.c.db.selectFrom('transfers').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    if (statuses.includes(r.status)) return r.status;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`transfer ${id} did not reach ${statuses.join('/')}`);
}
