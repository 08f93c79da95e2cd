import type { ObjectStorage } from '../../platform/storage/index.ts';
import { DomainError } from '../../http/errors.ts';
import { deliverable, pageCount, pageImage, PDF_DPI } from './page-source.ts';
import { buildOverlay, stampPage, type Overlay } from './watermark.ts';

/** Files above this size are not rendered on request (a job would have to make their access copy first). */
const MAX_SOURCE_BYTES = 300 * 1024 * 1024;
/** The access copy's longer side: an A4 page at 200 dpi. */
export const ACCESS_MAX_SIDE = 2339;

interface SourceFile { sha256: string; mime: string; size: number }

/** Reads stored files (digest verified) and renders watermarked pages; small in-memory caches for page counts and overlays. */
export function createPageRenderer(storage: ObjectStorage, maxSide = ACCESS_MAX_SIDE) {
  const counts = new Map<string, number>();
  const overlays = new Map<string, Promise<Overlay>>();

  async function bytes(f: SourceFile): Promise<Buffer> {
    if (f.size > MAX_SOURCE_BYTES) throw new DomainError('delivery_unsupported_file', 415);
    const chunks: Buffer[] = [];
    for await (const c of await storage.get(f.sha256, { verify: true })) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function overlay(text: string, w: number, h: number) {
    const k = `${text}|${w}x${h}`;
    let o = overlays.get(k);
    if (!o) {
      o = buildOverlay(text, w, h);
      o.catch(() => overlays.delete(k));
      overlays.set(k, o);
      if (overlays.size > 32) overlays.delete(overlays.keys().next().value!);
    }
    return o;
  }

  return {
    dpi: PDF_DPI,
    deliverable,
    async pages(f: SourceFile) {
      let n = counts.get(f.sha256);
      if (n === undefined) {
        n = await pageCount(await bytes(f), f.mime);
        counts.set(f.sha256, n);
      }
      return n;
    },
    async render(f: SourceFile, page: number, mark: { text: string; markId: string }) {
      const src = await pageImage(await bytes(f), f.mime, page);
      return stampPage(src, { text: mark.text, markId: mark.markId, maxSide, overlays: (w, h) => overlay(mark.text, w, h) });
    },
  };
}
export type PageRenderer = ReturnType<typeof createPageRenderer>;
