import { decodeManifestPath, stripDotSlash, unsafePathReason } from './bag.paths.ts';

/** Decodes a tag file in the bag's declared Tag-File-Character-Encoding (UTF-8, ISO-8859-1, UTF-16 with BOM …). */
export function decodeTagFile(buf: Buffer, encoding: string): string {
  const enc = encoding.trim().toLowerCase();
  if (enc === 'utf-16' || enc === 'utf16') {
    if (buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
    if (buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
    return new TextDecoder('utf-16be').decode(buf);
  }
  try {
    return new TextDecoder(enc, { ignoreBOM: false }).decode(buf);
  } catch {
    return buf.toString('utf8');
  }
}

export const splitLines = (text: string) => text.split(/\r\n|\n|\r/).filter((l, i, a) => !(l === '' && i === a.length - 1));

/** bag-info.txt / package-info.txt: "Label: value" lines, continuation lines start with white space; odd spacing around ':' tolerated. */
export function parseBagInfo(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of splitLines(text)) {
    if (/^[ \t]/.test(line) && out.length) {
      out[out.length - 1]![1] += ` ${line.trim()}`;
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return out;
}

export interface ManifestEntry {
  digest: string;
  path: string;
}

/** Parses one manifest; problems go to `errors` / `warnings`, good entries are returned. */
export function parseManifest(name: string, text: string, version: number[], errors: string[], warnings: string[], payload: boolean): ManifestEntry[] {
  const seen = new Map<string, string>();
  const out: ManifestEntry[] = [];
  for (const line of splitLines(text)) {
    if (line.trim() === '') continue;
    const m = /^([0-9a-fA-F]+)[ \t]+(.+)$/.exec(line);
    if (!m) {
      errors.push(`${name}: unreadable line ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    let raw = m[2]!;
    if (raw.startsWith('*')) {
      warnings.push(`${name}: md5sum binary marker '*' before ${raw.slice(1)}`);
      raw = raw.slice(1);
    }
    const decoded = decodeManifestPath(raw);
    const unsafe = unsafePathReason(decoded);
    if (unsafe) {
      errors.push(`${name}: ${decoded} is out of scope (${unsafe})`);
      continue;
    }
    if (decoded.startsWith('./')) warnings.push(`${name}: relative path ${decoded}`);
    const path = stripDotSlash(decoded);
    if (payload && !path.startsWith('data/')) {
      errors.push(`${name}: ${path} is not under data/`);
      continue;
    }
    const digest = m[1]!.toLowerCase();
    const before = seen.get(path);
    if (before !== undefined) {
      const atLeast1 = (version[0] ?? 0) >= 1;
      if (before !== digest) errors.push(`${name}: ${path} listed twice with different digests`);
      else if (atLeast1) errors.push(`${name}: ${path} listed twice (BagIt 1.0 forbids duplicates)`);
      else warnings.push(`${name}: ${path} listed twice`);
      continue;
    }
    seen.set(path, digest);
    out.push({ digest, path });
  }
  return out;
}

/** bagit.txt must be exactly "BagIt-Version: M.N" and "Tag-File-Character-Encoding: X" (no BOM, one space after the colon, none before). */
export function parseBagitTxt(buf: Buffer, errors: string[]): { version: number[]; encoding: string } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    errors.push('bagit.txt starts with a byte-order mark');
    return null;
  }
  const lines = splitLines(buf.toString('utf8'));
  const v = lines.map((l) => /^BagIt-Version: (\d+)\.(\d+)$/.exec(l)).find(Boolean);
  const e = lines.map((l) => /^Tag-File-Character-Encoding: (\S.*)$/.exec(l)).find(Boolean);
  if (!v) errors.push(`bagit.txt: no valid "BagIt-Version: M.N" line (${JSON.stringify(lines[0]?.slice(0, 60) ?? '')})`);
  if (!e) errors.push('bagit.txt: no "Tag-File-Character-Encoding" line');
  if (!v || !e) return null;
  return { version: [Number(v[1]), Number(v[2])], encoding: e[1]!.trim() };
}

/** fetch.txt lines: "url length path". */
export function parseFetch(text: string, errors: string[]): string[] {
  const paths: string[] = [];
  for (const line of splitLines(text)) {
    const m = /^(\S+)[ \t]+(\S+)[ \t]+(.+)$/.exec(line);
    if (!m) continue;
    const p = decodeManifestPath(m[3]!);
    const unsafe = unsafePathReason(p);
    if (unsafe) errors.push(`fetch.txt: ${p} is out of scope (${unsafe}); nothing is ever fetched`);
    else paths.push(stripDotSlash(p));
  }
  return paths;
}
