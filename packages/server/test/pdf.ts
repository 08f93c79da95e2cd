import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The text of each page of a PDF, as pdf.js extracts it (what a reader's search and copy would get). */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const tc = await (await doc.getPage(i)).getTextContent();
    pages.push(tc.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return pages;
}

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.test-data/print');

/**
 * Keeps the PDF under .test-data/print/ (gitignored) and, when poppler's pdftoppm is installed, its pages
 * as PNGs for a person to look at. Tests never depend on it.
 */
export function keepForLooking(name: string, data: Buffer, firstPages = 3): void {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.pdf`);
  fs.writeFileSync(file, data);
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-l', String(firstPages), file, path.join(OUT, name)], { stdio: 'ignore' });
  } catch {
    // no poppler-utils here: the PDF alone is kept
  }
}
