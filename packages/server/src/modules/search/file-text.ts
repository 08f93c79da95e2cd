import path from 'node:path';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';

// Text of a record's files for the search index: PDF text layers (pdf.js), plain text (UTF-8/UTF-16/GB18030),
// OFD (the TextCode elements of each page's Content.xml). Images and other formats give no text here
// (OCR adds it later). Extraction is capped: a huge file contributes its first MAX_CHARS characters.
const MAX_CHARS = 200_000;
const require = createRequire(import.meta.url);
const STANDARD_FONTS = path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts') + path.sep;

export type Extracted = { method: 'pdf' | 'text' | 'ofd' | 'none' | 'failed'; text: string };

export function extractorFor(filename: string, mime: string): 'pdf' | 'text' | 'ofd' | null {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.pdf' || mime === 'application/pdf') return 'pdf';
  if (ext === '.ofd' || mime === 'application/ofd') return 'ofd';
  if (['.txt', '.csv', '.md', '.xml', '.html', '.htm'].includes(ext) || mime.startsWith('text/')) return 'text';
  return null;
}

export async function extractText(bytes: Buffer, kind: 'pdf' | 'text' | 'ofd'): Promise<Extracted> {
  try {
    const text = kind === 'pdf' ? await pdfText(bytes) : kind === 'ofd' ? await ofdText(bytes) : decodeText(bytes);
    return { method: kind, text: tidy(text) };
  } catch {
    return { method: 'failed', text: '' };
  }
}

const tidy = (s: string) => s.replaceAll('\u0000', '').replace(/[ \t\r\f\v]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim().slice(0, MAX_CHARS);

export function decodeText(b: Buffer): string {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return b.subarray(3).toString('utf8');
  if (b[0] === 0xff && b[1] === 0xfe) return iconv.decode(b.subarray(2), 'utf16le');
  if (b[0] === 0xfe && b[1] === 0xff) return iconv.decode(b.subarray(2), 'utf16be');
  const utf8 = b.toString('utf8');
  return utf8.includes('\ufffd') ? iconv.decode(b, 'gb18030') : utf8;
}

let queue: Promise<unknown> = Promise.resolve();
async function pdfText(bytes: Buffer): Promise<string> {
  const run = queue.then(async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const task = pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0, useSystemFonts: false, disableFontFace: true, standardFontDataUrl: STANDARD_FONTS });
    try {
      const doc = await task.promise;
      let out = '';
      for (let i = 1; i <= doc.numPages && out.length < MAX_CHARS; i++) {
        const content = await (await doc.getPage(i)).getTextContent();
        for (const item of content.items) if ('str' in item) out += item.str + (item.hasEOL ? '\n' : '');
        out += '\n';
      }
      return out;
    } finally {
      await task.destroy().catch(() => undefined);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** OFD (GB/T 33190): a zip whose pages hold <ofd:TextCode> elements; their text in page order. */
async function ofdText(bytes: Buffer): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(bytes, { lazyEntries: true }, (e, z) => (e || !z ? rej(e) : res(z))));
  const pages: Array<{ name: string; text: string }> = [];
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!/Pages\/Page_\d+\/Content\.xml$/i.test(entry.fileName) || entry.uncompressedSize > 20_000_000) return zip.readEntry();
      zip.openReadStream(entry, (e, s) => {
        if (e || !s) return rej(e);
        const parts: Buffer[] = [];
        s.on('data', (c: Buffer) => parts.push(c));
        s.on('error', rej);
        s.on('end', () => {
          const xml = Buffer.concat(parts).toString('utf8');
          const text = [...xml.matchAll(/<(?:ofd:)?TextCode\b[^>]*>([^<]*)<\/(?:ofd:)?TextCode>/g)].map((m) => unescapeXml(m[1]!)).join('');
          pages.push({ name: entry.fileName, text });
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  const num = (n: string) => Number(/Page_(\d+)/i.exec(n)?.[1] ?? 0);
  return pages.sort((a, b) => num(a.name) - num(b.name)).map((p) => p.text).join('\n');
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
