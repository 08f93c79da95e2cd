// The pdf.js part of the PDF readability check, run in a worker thread of analyzers/thread.pool.ts (plain .mjs so it
// runs under tsx, vitest and node alike). One document at a time per worker, so pdf.js's warnings (console.warn)
// belong to it. Message in: { file, maxPages, render }. Out: { ok, value: { pages, page1Operators, warnings, error } }.
// Page 1 is interpreted when `render` is set, and always when opening the document raised a warning.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const STANDARD_FONTS = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;
const nativePush = Array.prototype.push;
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * JPEG images go to libvips (sharp, native libjpeg-turbo) instead of pdf.js's JavaScript decoder: pdf.js hands a
 * JPEG to WebCodecs' ImageDecoder when the platform has one (getDocument's isImageDecoderSupported; for grey and
 * CMYK JPEGs only with isOffscreenCanvasSupported), and Node has neither, so this worker supplies both. A scanned
 * page costs ≈ 8 ms of CPU instead of ≈ 45 ms. Every pixel is still decoded, with libjpeg's warnings as errors; a
 * JPEG libvips refuses makes pdf.js log "getTransferableImage - failed" (kept as a warning of the document) and
 * decode it itself, as before. The canvas stand-in only receives pixels pdf.js decoded; nothing is drawn.
 */
const sharp = (await import('sharp')).default;
/** A decoded image's stand-in (no methods of its own: pdf.js structured-clones it into the operator list). */
class Bitmap {
  constructor(width, height) {
    this.width = width;
    this.height = height;
  }
  close() {}
}
globalThis.ImageDecoder ??= class ImageDecoder {
  static isTypeSupported(type) {
    return Promise.resolve(type === 'image/jpeg');
  }
  constructor({ data }) {
    this.data = data;
  }
  async decode() {
    const { info } = await sharp(this.data, { failOn: 'warning', limitInputPixels: 200_000_000, sequentialRead: true }).raw().toBuffer({ resolveWithObject: true });
    return { image: new Bitmap(info.width, info.height) };
  }
  close() {}
};
const noop = () => undefined;
const context2d = () => new Proxy({}, {
  get: (_t, k) => (k === 'createImageData' ? (w, h) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) : k === 'canvas' ? undefined : noop),
});
globalThis.OffscreenCanvas ??= class OffscreenCanvas {
  constructor(width, height) {
    this.width = width;
    this.height = height;
  }
  getContext() {
    return context2d();
  }
  transferToImageBitmap() {
    return new Bitmap(this.width, this.height);
  }
};
// pdf.js shrinks images too large for a canvas through createImageBitmap (pixels it decoded already).
globalThis.createImageBitmap ??= async () => new Bitmap(1, 1);

/**
 * pdf.js's legacy build (the one that runs on Node 20) carries core-js, which replaces Array.prototype.push in this
 * thread with a JavaScript version (V8 before 12.2 miscounts a push onto an array-like of length 2^32, which no PDF
 * code does). With the native push back and the operator-list chunks below, a bench PDF costs 6.2 instead of
 * 8.2 ms of CPU (paired, one worker). The core (pdf.worker.mjs) is loaded here too, as the fake worker's message
 * handler (after the stand-ins above, which it looks for), and the native push is put back.
 */
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
if (Array.prototype.push !== nativePush) Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });

/**
 * The operator list of page 1 is built by the core (fonts parsed, images decoded, every operator's arguments worked
 * out) and then streamed to the display side in chunks through a loopback port that structured-clones each message:
 * the arguments (glyph objects for every shown string) cost about as much to clone as to build. The check only needs
 * the count of drawing commands, so an operator-list chunk crosses with its operator codes and without its
 * arguments; every other message is cloned as before.
 */
{
  const probe = new pdfjs.PDFWorker();
  await probe.promise;
  const proto = Object.getPrototypeOf(probe.port);
  const post = proto.postMessage;
  proto.postMessage = function (obj, transfer) {
    const c = obj?.chunk;
    if (c && Array.isArray(c.fnArray) && Array.isArray(c.argsArray) && typeof c.length === 'number')
      obj = { ...obj, chunk: { ...c, fnArray: c.fnArray.slice(0, c.length), argsArray: [] } };
    return post.call(this, obj, transfer);
  };
  probe.destroy();
}

/** The standard 14 font programs, read from disk once per worker instead of once per document. */
const fontData = new Map();
class CachedStandardFontDataFactory {
  constructor({ baseUrl }) {
    this.baseUrl = baseUrl;
  }
  async fetch({ filename }) {
    if (!this.baseUrl || !filename) throw new Error('no standard font data');
    let data = fontData.get(filename);
    if (!data) {
      data = new Uint8Array(await fs.readFile(path.join(this.baseUrl, path.basename(filename))));
      fontData.set(filename, data);
    }
    return data.slice(); // pdf.js may transfer it
  }
}

/**
 * One loopback "worker" (pdf.js's in-thread message handler) for every document this thread opens, not a new one per
 * document: 2.0 against 2.4 ms of CPU for a bench PDF's shallow reading (paired, 4 threads). Each document still
 * has its own handler on it, dropped when its task is destroyed.
 */
let loopback;
let warnings = [];
const log = console.warn;
console.warn = (...args) => {
  const s = args.map(String).join(' ');
  if (!s.startsWith('Warning:')) log(...args);
  else if (warnings.length < 50) warnings.push(s.slice(9).slice(0, 200));
};

async function analyze({ file, maxPages, render }) {
  warnings = [];
  const out = { pages: undefined, page1Operators: undefined, warnings, error: undefined };
  const data = new Uint8Array(await fs.readFile(file));
  if (!loopback || loopback.destroyed) loopback = new pdfjs.PDFWorker();
  const task = pdfjs.getDocument({
    data,
    worker: loopback,
    isEvalSupported: false,
    verbosity: 1,
    // A standard-14 font the document does not embed is not part of it: no font program is loaded for it (pdf.js
    // would parse its own copy for every document, ≈ 12 ms); embedded fonts are parsed as before.
    useSystemFonts: true,
    disableFontFace: true,
    isOffscreenCanvasSupported: true,
    isImageDecoderSupported: true,
    standardFontDataUrl: STANDARD_FONTS,
    StandardFontDataFactory: CachedStandardFontDataFactory,
    stopAtErrors: false,
  });
  try {
    const doc = await task.promise;
    out.pages = doc.numPages;
    // Page objects load for the first pages only (a damaged page tree shows there); page 1 is interpreted.
    for (let i = 1; i <= Math.min(doc.numPages, maxPages); i++) await doc.getPage(i);
    if (render || warnings.length) out.page1Operators = (await (await doc.getPage(1)).getOperatorList()).fnArray.length;
  } catch (e) {
    out.error = { name: e?.name ?? 'Error', message: String(e?.message ?? e) };
  } finally {
    await task.destroy().catch(() => undefined);
  }
  return out;
}

parentPort.on('message', (msg) => {
  analyze(msg).then(
    (value) => parentPort.postMessage({ ok: true, value }),
    (e) => parentPort.postMessage({ ok: false, error: `${e?.name ?? 'Error'}: ${e?.message ?? e}` }),
  );
});
