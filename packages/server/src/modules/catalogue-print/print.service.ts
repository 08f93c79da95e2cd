import type { z } from 'zod';
import type { BoxSpineQuery, PrintClassQuery, ReferenceSheetQuery, VolumeSheetQuery } from '@lantai/api';
import type { Db } from '../../platform/db/database.ts';
import { invalid } from '../../http/errors.ts';
import type { RequestCtx } from '../auth/index.ts';
import { catalogueScope } from '../fonds/fonds.policy.ts';
import { drawBoxSpines } from './box-spine.pdf.ts';
import { catalogueTable, drawCover, listTitle } from './catalogue-list.pdf.ts';
import { drawReferenceSheet } from './reference-sheet.pdf.ts';
import { drawVolumeList } from './volume-list.pdf.ts';
import { classBoxes, classRows, resolveClass, visibleVolume, volumeItems, type PrintClass } from './print.source.ts';
import { drained, newDoc, simplePdf, snapshotPdf, type PdfJob } from './print.stream.ts';
import { retentionZh } from './print.labels.ts';

/** "T001-WS·2021-永久-BGS": names the class in file names. */
const classLabel = (c: PrintClass) =>
  [c.fonds.code, `${c.category.code}·${c.query.year}`, retentionZh(c.query.retention), c.query.orgCode].filter(Boolean).join('-');

/**
 * Printed forms of the catalogue. Visibility is exactly that of records.list: the 档案管理员 and the
 * 立档单位档案员 within their fonds scope, rows limited to the actor's 密级; others are refused.
 */
export function createPrintService({ db }: { db: Db }) {
  /** 归档文件目录 (or 案卷目录) of one class: cover, then the table, streamed page by page. */
  async function catalogue(q: z.infer<typeof PrintClassQuery>, ctx: RequestCtx): Promise<PdfJob> {
    const scope = catalogueScope(ctx.actor);
    const cls = await resolveClass(db, q, scope);
    const doc = await newDoc(`${listTitle(cls)} ${classLabel(cls)}`);
    const stream = await snapshotPdf(db, doc, async (tx) => {
      const plan = catalogueTable(doc, cls, false, 0);
      for await (const r of classRows(tx, scope, q)) plan.add(r);
      plan.finish();
      return async (tx2) => {
        drawCover(doc, cls, plan.pages);
        const table = catalogueTable(doc, cls, true, plan.pages);
        let n = 0;
        for await (const r of classRows(tx2, scope, q)) {
          table.add(r);
          if (++n % 200 === 0 && !(await drained(doc))) return;
        }
        table.finish();
      };
    });
    return { filename: `${listTitle(cls)}-${classLabel(cls)}.pdf`, stream };
  }

  /** 卷内目录 of one 卷 and its 卷内备考表. */
  async function volume(id: string, q: z.infer<typeof VolumeSheetQuery>, ctx: RequestCtx): Promise<PdfJob> {
    const scope = catalogueScope(ctx.actor);
    const vol = await visibleVolume(db, id, scope);
    if (vol.kind !== 'volume') throw invalid([{ path: 'id', message: '不是案卷 / not a volume' }]);
    const items = await volumeItems(db, id, scope);
    const doc = await newDoc(`卷内目录 ${vol.archival_code}`);
    return { filename: `卷内目录-${vol.archival_code}.pdf`, stream: simplePdf(doc, () => drawVolumeList(doc, vol, items, q)) };
  }

  /** 盒脊 labels, several to a page with cut lines. */
  async function boxSpines(q: z.infer<typeof BoxSpineQuery>, ctx: RequestCtx): Promise<PdfJob> {
    const scope = catalogueScope(ctx.actor);
    const cls = await resolveClass(db, q, scope);
    const boxes = await classBoxes(db, scope, q);
    const doc = await newDoc(`盒脊 ${classLabel(cls)}`);
    return { filename: `盒脊-${classLabel(cls)}.pdf`, stream: simplePdf(doc, () => drawBoxSpines(doc, cls, boxes, q.spineWidth)) };
  }

  /** 备考表, one page per box. */
  async function referenceSheets(q: z.infer<typeof ReferenceSheetQuery>, ctx: RequestCtx): Promise<PdfJob> {
    const scope = catalogueScope(ctx.actor);
    const cls = await resolveClass(db, q, scope);
    const boxes = await classBoxes(db, scope, q);
    const doc = await newDoc(`备考表 ${classLabel(cls)}`);
    return { filename: `备考表-${classLabel(cls)}.pdf`, stream: simplePdf(doc, () => drawReferenceSheet(doc, cls, boxes, q)) };
  }

  return { catalogue, volume, boxSpines, referenceSheets };
}
export type PrintService = ReturnType<typeof createPrintService>;
