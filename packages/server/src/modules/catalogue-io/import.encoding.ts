import fs from 'node:fs/promises';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { ImportEncoding } from '@lantai/api';

const SAMPLE = 256 * 1024;

export async function readSample(file: string, bytes = SAMPLE): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** What the upload is, from its first bytes: an xlsx (zip), an old binary .xls (refused), or text. */
export function sniffFormat(head: Buffer): 'xlsx' | 'xls' | 'csv' {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'xlsx';
  if (head.length >= 4 && head.readUInt32BE(0) === 0xd0cf11e0) return 'xls';
  return 'csv';
}

/**
 * The text encoding of a csv: a BOM decides; else a sample that decodes as strict UTF-8 is UTF-8; else
 * chardet chooses between GB18030 (which reads GBK and GB2312 too) and Big5.
 */
export function detectEncoding(sample: Buffer): ImportEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // stream: true lets a multi-byte character cut by the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch { /* not UTF-8 */ }
  const best = chardet.analyse(sample).find((m) => m.name === 'GB18030' || m.name === 'Big5');
  return best?.name === 'Big5' ? 'big5' : 'gb18030';
}

/** iconv-lite's name for an encoding; GBK is read as GB18030, its superset. */
export const codecOf = (e: ImportEncoding) => (e === 'gbk' ? 'gb18030' : e);

const CJK = /[\u3400-\u9fff]/g;
/** Chinese characters minus three per U+FFFD when bytes are read as UTF-8: high for UTF-8 text, low for anything else. */
function utf8Score(buf: Buffer): number {
  const back = buf.toString('utf8');
  let bad = 0;
  for (const ch of back) if (ch === '\ufffd') bad++;
  return (back.match(CJK)?.length ?? 0) - 3 * bad;
}

export type TextTrouble = 'encoding_invalid' | 'suspect_mojibake';

/**
 * Text that went wrong in decoding. U+FFFD means bytes that the encoding could not read (data is lost).
 * Mojibake is caught by undoing it: text read as GB18030/Big5 (or Windows-1252) whose bytes in that
 * encoding read as UTF-8 Chinese was almost surely UTF-8 read with the wrong encoding.
 */
export function textTrouble(s: string, encoding: ImportEncoding): TextTrouble | undefined {
  if (s.includes('\ufffd')) return 'encoding_invalid';
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(s)) return undefined;
  if (s.includes('锟斤拷')) return 'suspect_mojibake';
  if (encoding === 'gb18030' || encoding === 'gbk' || encoding === 'big5') return utf8Score(iconv.encode(s, codecOf(encoding))) >= 2 ? 'suspect_mojibake' : undefined;
  if (/[\u00c0-\u00ff]/.test(s) && utf8Score(iconv.encode(s, 'win1252')) >= 1) return 'suspect_mojibake';
  return undefined;
}
