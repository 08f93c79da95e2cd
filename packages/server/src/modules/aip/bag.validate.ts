import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeTagFile, parseBagInfo, parseBagitTxt, parseFetch, parseManifest, type ManifestEntry } from './bag.tagfiles.ts';

export interface BagReport {
  valid: boolean;
  version: string | null;
  errors: string[];
  warnings: string[];
  info: [string, string][];
  algorithms: string[];
  payloadFiles: number;
  payloadBytes: number;
}

const ALGS = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);
const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);
const MAX_ERRORS = 200;

/** Every file under `dir` as a '/'-separated path relative to the bag root; symlinks and other specials are reported. */
async function walk(root: string, rel: string, out: Map<string, number>, errors: string[]) {
  for (const d of await readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) await walk(root, p, out, errors);
    else if (d.isFile()) out.set(p, (await lstat(path.join(root, p))).size);
    else errors.push(`${p}: not a regular file (links are not followed)`);
  }
}

async function hashFile(file: string, algs: string[]): Promise<Record<string, string>> {
  const hs = algs.map((a) => createHash(a));
  for await (const c of createReadStream(file)) for (const h of hs) h.update(c as Buffer);
  return Object.fromEntries(algs.map((a, i) => [a, hs[i]!.digest('hex')]));
}

/**
 * Validates the bag in folder `root` (RFC 8493, with the older 0.93–0.97 layouts the LoC suite uses):
 * declaration, manifests (every payload file in every payload manifest, digests, no paths outside
 * the bag), tag manifests, Payload-Oxum. Never fetches: a file only named in fetch.txt is missing.
 */
export async function validateBagDir(root: string): Promise<BagReport> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const report = (info: [string, string][] = [], version: number[] | null = null, algorithms: string[] = [], files = 0, bytes = 0): BagReport => ({
    valid: errors.length === 0, version: version ? version.join('.') : null, errors: errors.slice(0, MAX_ERRORS), warnings: warnings.slice(0, MAX_ERRORS),
    info, algorithms, payloadFiles: files, payloadBytes: bytes,
  });
  const all = new Map<string, number>();
  await walk(root, '', all, errors);
  const bagitTxt = all.has('bagit.txt') ? await readFile(path.join(root, 'bagit.txt')) : null;
  if (!bagitTxt) {
    errors.push('bagit.txt is missing');
    return report();
  }
  const decl = parseBagitTxt(bagitTxt, errors);
  if (!decl) return report();
  const { version, encoding } = decl;
  const text = async (p: string) => decodeTagFile(await readFile(path.join(root, p)), encoding);

  const infoName = all.has('bag-info.txt') ? 'bag-info.txt' : all.has('package-info.txt') ? 'package-info.txt' : null;
  const info = infoName ? parseBagInfo(await text(infoName)) : [];
  const fetched = all.has('fetch.txt') ? parseFetch(await text('fetch.txt'), errors) : [];
  if (fetched.length) warnings.push(`fetch.txt lists ${fetched.length} file(s); this archive never fetches, so they must already be in the bag`);

  const payload = [...all].filter(([p]) => p.startsWith('data/'));
  const manifests = new Map<string, ManifestEntry[]>();
  const tagManifests = new Map<string, ManifestEntry[]>();
  for (const p of all.keys()) {
    const m = /^(tag)?manifest-([a-z0-9]+)\.txt$/.exec(p);
    if (!m) continue;
    if (!ALGS.has(m[2]!)) {
      warnings.push(`${p}: algorithm ${m[2]} is not supported; not checked`);
      continue;
    }
    (m[1] ? tagManifests : manifests).set(m[2]!, parseManifest(p, await text(p), version, errors, warnings, !m[1]));
  }
  if (manifests.size === 0) errors.push('no payload manifest (manifest-<algorithm>.txt)');

  const algs = [...manifests.keys()];
  const absentSystem = new Set<string>();
  const actual = new Map<string, Record<string, string>>();
  const exists = new Set(payload.map(([p]) => p));
  const folded = new Map(payload.map(([p]) => [p.normalize('NFC').toLowerCase(), p]));
  for (const [alg, entries] of manifests) {
    const listed = new Set(entries.map((e) => e.path));
    const listedFolded = new Set(entries.map((e) => e.path.normalize('NFC').toLowerCase()));
    for (const [p] of payload) {
      if (!listed.has(p) && !listedFolded.has(p.normalize('NFC').toLowerCase())) errors.push(`manifest-${alg}.txt: ${p} is in the bag but not in the manifest`);
    }
    for (const e of entries) {
      if (!exists.has(e.path)) {
        const twin = folded.get(e.path.normalize('NFC').toLowerCase());
        const base = e.path.split('/').pop()!.toLowerCase();
        if (fetched.includes(e.path)) errors.push(`${e.path} is only in fetch.txt (not fetched)`);
        else if (twin && listed.has(twin)) warnings.push(`manifest-${alg}.txt: ${e.path} differs from ${twin} only in case or Unicode normalisation`);
        else if (SYSTEM_FILES.has(base)) {
          warnings.push(`manifest-${alg}.txt: system file ${e.path} is listed but absent`);
          absentSystem.add(e.path);
        }
        else errors.push(`manifest-${alg}.txt: ${e.path} is missing`);
        continue;
      }
      let h = actual.get(e.path);
      if (!h) actual.set(e.path, (h = await hashFile(path.join(root, e.path), algs)));
      if (h[alg] !== e.digest) errors.push(`manifest-${alg}.txt: ${e.path} does not match its ${alg} digest`);
    }
  }
  for (const [alg, entries] of tagManifests) {
    for (const e of entries) {
      if (!all.has(e.path)) {
        errors.push(`tagmanifest-${alg}.txt: ${e.path} is missing`);
        continue;
      }
      const h = await hashFile(path.join(root, e.path), [alg]);
      if (h[alg] !== e.digest) errors.push(`tagmanifest-${alg}.txt: ${e.path} does not match its ${alg} digest`);
    }
  }
  const bytes = payload.reduce((s, [, n]) => s + n, 0);
  const oxum = info.find(([k]) => k.toLowerCase() === 'payload-oxum')?.[1];
  if (oxum) {
    const m = /^(\d+)\.(\d+)$/.exec(oxum);
    if (!m) errors.push(`Payload-Oxum ${oxum} is not "octets.count"`);
    else if (Number(m[1]) !== bytes || Number(m[2]) !== payload.length) {
      // An absent system file (.DS_Store, Thumbs.db) the suite tolerates also explains a count that is off by that many.
      const explained = absentSystem.size > 0 && Number(m[2]) === payload.length + absentSystem.size;
      (explained ? warnings : errors).push(`Payload-Oxum says ${oxum}, the payload is ${bytes}.${payload.length}`);
    }
  }
  return report(info, version, [...algs, ...[...tagManifests.keys()].map((a) => `tag:${a}`)], payload.length, bytes);
}
