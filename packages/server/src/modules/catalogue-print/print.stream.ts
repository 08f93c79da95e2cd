import type { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { Db, Tx } from '../../platform/db/database.ts';
import { registerFonts } from './fonts.ts';

/** A printable document: the stream of PDF bytes and the name to save it under. */
export interface PdfJob { filename: string; stream: Readable }

export async function newDoc(title: string): Promise<PDFKit.PDFDocument> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, margin: 0, compress: true, info: { Title: title, Creator: '兰台 Lantai', Producer: '兰台 Lantai' } });
  await registerFonts(doc);
  return doc;
}

/**
 * Builds a PDF inside one read-only REPEATABLE READ transaction, so the counting pass (pages for
 * "共 M 页") and the drawing pass see the same rows. `plan` runs before anything is sent and may still
 * fail with a proper error response; it returns the drawing pass, which fills the stream while the
 * client reads it. An error after that point aborts the stream (the client sees a truncated download).
 */
export function snapshotPdf(db: Db, doc: PDFKit.PDFDocument, plan: (tx: Tx) => Promise<(tx: Tx) => Promise<void>>): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let started = false;
    db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (tx) => {
      const draw = await plan(tx);
      started = true;
      resolve(doc);
      await draw(tx);
      doc.end();
    }).catch((e: unknown) => {
      if (started) doc.destroy(e as Error);
      else reject(e);
    });
  });
}

/** A PDF that needs no snapshot (one volume, a few boxes): draw it and hand back the stream. */
export function simplePdf(doc: PDFKit.PDFDocument, draw: () => void): Readable {
  draw();
  doc.end();
  return doc;
}

const HIGH_WATER = 4 * 1024 * 1024;

/**
 * pdfkit pushes pages without regard for a slow reader; between pages of rows, wait until the reader
 * has taken most of what is buffered (or has gone away: then stop drawing).
 */
export async function drained(doc: PDFKit.PDFDocument): Promise<boolean> {
  while (doc.readableLength > HIGH_WATER && !doc.destroyed) await new Promise((r) => setTimeout(r, 20));
  return !doc.destroyed;
}
