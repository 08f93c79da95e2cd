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
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

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
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    verbosity: 1,
    useSystemFonts: false,
    disableFontFace: true,
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
