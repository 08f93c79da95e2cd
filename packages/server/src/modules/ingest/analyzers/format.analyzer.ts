import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { readZipDirectory } from './zip.js';

// Format identification by content (magic numbers via file-type, plus our own sniffers for PDF/A, OFD and XML).
// The extension is only compared with what the content says, never trusted.

export interface FormatInfo {
  /** Our format id: pdf, pdfa, ofd, jpeg, tiff, png, mp3, wav, mp4, mpeg, xml, zip, exe, elf …; 'unknown', 'empty'. */
  id: string;
  mime?: string;
  /** file-type's extension for the content, when it knew it. */
  contentExt?: string;
  /** The file name's extension, lower case, without the dot. */
  nameExt: string;
  pdfa?: { part: string; conformance?: string; namespaceOk: boolean };
  ofd?: { docType?: string };
  size: number;
}

const HEAD = 128 * 1024;
const PDFA_SCAN_MAX = 256 * 1024 * 1024;

/** file-type extension → our id (where they differ or group). */
const CONTENT_ID: Record<string, string> = {
  jpg: 'jpeg',
  tif: 'tiff',
  mp4: 'mp4',
  m4v: 'mp4',
  m4a: 'mp4',
  f4v: 'mp4',
  mpg: 'mpeg',
  mts: 'mpeg',
  ai: 'pdf',
  exe: 'exe',
  elf: 'elf',
  mach: 'exe',
  dll: 'exe',
  msi: 'exe',
  class: 'exe',
  apk: 'exe',
  dex: 'exe',
};

/** File name extension → the format ids its content may have. */
export const EXTENSION_FORMATS: Record<string, string[]> = {
  pdf: ['pdf', 'pdfa'],
  ofd: ['ofd'],
  jpg: ['jpeg'],
  jpeg: ['jpeg'],
  jpe: ['jpeg'],
  tif: ['tiff'],
  tiff: ['tiff'],
  png: ['png'],
  gif: ['gif'],
  bmp: ['bmp'],
  jp2: ['jp2'],
  mp3: ['mp3'],
  wav: ['wav'],
  mp4: ['mp4'],
  m4a: ['mp4'],
  m4v: ['mp4'],
  mpg: ['mpeg'],
  mpeg: ['mpeg'],
  avi: ['avi'],
  mov: ['mov'],
  xml: ['xml'],
  svg: ['xml'],
  eep: ['xml'],
  zip: ['zip', 'ofd'],
  aif: ['aif'],
  aiff: ['aif'],
  doc: ['cfb', 'doc'],
  xls: ['cfb', 'xls'],
  ppt: ['cfb', 'ppt'],
  md: ['text'],
  html: ['text', 'xml'],
  htm: ['text', 'xml'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  exe: ['exe'],
  txt: ['text'],
  csv: ['text'],
};

/** Executable content: never an archival record, and a red flag when named otherwise. */
export const EXECUTABLE_IDS = new Set(['exe', 'elf']);

/** One identification per package file and run: the format, readability and signature checks all ask for it. */
const known = new WeakMap<object, Promise<FormatInfo>>();
export function formatOf(f: { absPath: string; path: string; identified?: FormatInfo }): Promise<FormatInfo> {
  let p = known.get(f);
  if (!p) {
    p = f.identified ? Promise.resolve(f.identified) : identifyFormat(f.absPath, f.path);
    known.set(f, p);
  }
  return p.then((info) => ({ ...info }));
}

export async function identifyFormat(file: string, name = file): Promise<FormatInfo> {
  const fh = await fs.open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    head = Buffer.allocUnsafe(Math.min(size, HEAD));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  return (await identify(head, size, name, file))!;
}

/**
 * The format of a whole file already in memory (a small entry while a zip is extracted), without reading it again;
 * undefined for zip content, which only its central directory on disk tells apart (an OFD or not).
 */
export const identifyBytes = (bytes: Buffer, name: string): Promise<FormatInfo | undefined> => identify(bytes, bytes.length, name);

/**
 * Identification from `bytes` (the file's head, or all of it) and, where given, the file on disk: a PDF longer than
 * the bytes is searched there for its PDF/A claim, a zip's directory read there. Without `disk` those give undefined.
 */
async function identify(bytes: Buffer, size: number, name: string, disk?: string): Promise<FormatInfo | undefined> {
  const base = { nameExt: path.extname(name).slice(1).toLowerCase(), size };
  if (size === 0) return { ...base, id: 'empty' };
  const head = bytes.length > HEAD ? bytes.subarray(0, HEAD) : bytes;
  const ft = await fileTypeFromBuffer(head).catch(() => undefined);
  if (ft?.ext === 'pdf' || (!ft && head.subarray(0, 1024).includes('%PDF-'))) {
    if (size > bytes.length && !disk) return undefined;
    const pdfa = size <= bytes.length ? findPdfaIn(bytes.toString('latin1')) : await findPdfaClaim(disk!, size);
    return { ...base, id: pdfa?.namespaceOk ? 'pdfa' : 'pdf', mime: 'application/pdf', contentExt: 'pdf', pdfa };
  }
  if (ft?.ext === 'zip' || (!ft && head.length >= 4 && head.readUInt32LE(0) === 0x04034b50)) {
    if (!disk) return undefined;
    const ofd = await sniffOfd(disk);
    if (ofd) return { ...base, id: 'ofd', mime: 'application/ofd', contentExt: 'ofd', ofd };
  }
  if (ft) return { ...base, id: CONTENT_ID[ft.ext] ?? ft.ext, mime: ft.mime, contentExt: ft.ext };
  const text = sniffText(head);
  if (text) return { ...base, ...text };
  return { ...base, id: 'unknown' };
}

/** PDF/A claims live in the XMP packet (pdfaid:part / pdfaid:conformance); PDF/A keeps that stream unfiltered. */
async function findPdfaClaim(file: string, size: number): Promise<FormatInfo['pdfa']> {
  const fh = await fs.open(file, 'r');
  try {
    const chunk = Buffer.alloc(1024 * 1024);
    const overlap = 2048;
    let carry = '';
    for (let pos = 0; pos < Math.min(size, PDFA_SCAN_MAX);) {
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, pos);
      if (bytesRead <= 0) break;
      const text = carry + chunk.toString('latin1', 0, bytesRead);
      const i = text.indexOf('pdfaid:part');
      if (i >= 0 && i + 1500 < text.length) return parsePdfaid(text, i);
      if (i >= 0 && pos + bytesRead >= size) return parsePdfaid(text, i);
      carry = text.slice(-overlap);
      pos += bytesRead;
    }
    return undefined;
  } finally {
    await fh.close();
  }
}

/** The claim in a file read whole already (small PDFs: the head is all of it). */
function findPdfaIn(text: string): FormatInfo['pdfa'] {
  const i = text.indexOf('pdfaid:part');
  return i >= 0 ? parsePdfaid(text, i) : undefined;
}

function parsePdfaid(text: string, at: number): FormatInfo['pdfa'] {
  const around = text.slice(Math.max(0, at - 4000), at + 1500);
  const part = /pdfaid:part\s*(?:=\s*["']\s*(\d)|>\s*(\d))/.exec(around);
  if (!part) return undefined;
  const conf = /pdfaid:conformance\s*(?:=\s*["']\s*([A-Za-z])|>\s*([A-Za-z]))/.exec(around);
  return {
    part: part[1] ?? part[2]!,
    conformance: (conf?.[1] ?? conf?.[2])?.toUpperCase(),
    namespaceOk: /xmlns:pdfaid\s*=\s*["']http:\/\/www\.aiim\.org\/pdfa\/ns\/id\/["']/.test(around),
  };
}

async function sniffOfd(file: string): Promise<FormatInfo['ofd'] | undefined> {
  try {
    const { entries, fh } = await readZipDirectory(file);
    await fh.close();
    return entries.some((e) => e.name.replace(/^\/+/, '') === 'OFD.xml') ? {} : undefined;
  } catch {
    return undefined;
  }
}

function sniffText(head: Buffer): Pick<FormatInfo, 'id' | 'mime'> | undefined {
  let s: string;
  if (head[0] === 0xff && head[1] === 0xfe) s = head.subarray(2).toString('utf16le');
  else if (head[0] === 0xfe && head[1] === 0xff) s = Buffer.from(head.subarray(2)).swap16().toString('utf16le');
  else s = head.toString('utf8').replace(/^\uFEFF/, '');
  const t = s.trimStart();
  if (/^<\?xml[\s?]/.test(t) || /^<(!--|!DOCTYPE|[\p{L}_][\p{L}\p{N}_.:-]*[\s/>])/u.test(t)) return { id: 'xml', mime: 'application/xml' };
  // Text: no NUL and few control characters in the head.
  if (head.includes(0)) return undefined;
  let ctrl = 0;
  for (const b of head) if (b < 9 || (b > 13 && b < 32)) ctrl++;
  return ctrl <= head.length / 100 ? { id: 'text', mime: 'text/plain' } : undefined;
}
