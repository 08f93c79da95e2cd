import fs from 'node:fs/promises';
import path from 'node:path';
import { clamdVersion, type ClamdAddress } from './clamd.client.js';

export interface SignatureFile {
  name: string;
  size: number;
  /** Signature count: from a .cvd/.cld header, or the non-empty lines of a text database (.ndb, .hdb, .ldb …). */
  signatures?: number;
  /** Database version and build time from a .cvd/.cld header. */
  version?: string;
  built?: string;
}

export interface ScannerInfo {
  available: boolean;
  /** What clamd answered to VERSION: 'ClamAV 1.4.6' or 'ClamAV 1.4.6/27123/<date>'. */
  version?: string;
  engine?: string;
  dbVersion?: string;
  dbDate?: string;
  address: string;
  databaseDirectory?: string;
  signatureFiles?: SignatureFile[];
  error?: string;
}

const DB_EXT = /\.(cvd|cld|cud|ndb|ndu|hdb|hsb|mdb|msb|ldb|ldu|cdb|yar|yara|ign2|fp|sfp|pdb|wdb|ftm|idb|cbc|crb|info)$/i;

export const describeAddress = (a: ClamdAddress) => (a.socket ? `unix:${a.socket}` : `tcp:${a.host ?? '127.0.0.1'}:${a.port ?? 3310}`);

/** Asks clamd for its version and lists the signature databases it loads (when the folder is readable here). */
export async function scannerInfo(
  addr: ClamdAddress & { databaseDirectory?: string },
  timeoutMs = 5_000,
  signal?: AbortSignal,
): Promise<ScannerInfo> {
  const r = await clamdVersion(addr, timeoutMs, signal);
  const info: ScannerInfo = { available: r.ok && r.text.startsWith('ClamAV'), address: describeAddress(addr) };
  if (r.ok) {
    info.version = r.text;
    const [engine, dbVersion, dbDate] = r.text.split('/');
    Object.assign(info, { engine, dbVersion, dbDate });
  } else info.error = r.error;
  if (addr.databaseDirectory) {
    info.databaseDirectory = addr.databaseDirectory;
    info.signatureFiles = await listDatabases(addr.databaseDirectory).catch(() => undefined);
  }
  return info;
}

async function listDatabases(dir: string): Promise<SignatureFile[]> {
  const out: SignatureFile[] = [];
  for (const name of (await fs.readdir(dir)).sort()) {
    if (!DB_EXT.test(name)) continue;
    const p = path.join(dir, name);
    const st = await fs.stat(p);
    if (!st.isFile()) continue;
    const f: SignatureFile = { name, size: st.size };
    if (/\.(cvd|cld|cud)$/i.test(name)) {
      // Header: "ClamAV-VDB:<build time>:<version>:<signatures>:<functionality level>:…" in the first 512 bytes.
      const fh = await fs.open(p, 'r');
      const head = Buffer.alloc(512);
      await fh.read(head, 0, 512, 0);
      await fh.close();
      const parts = head.toString('latin1').split(':');
      if (parts[0] === 'ClamAV-VDB')
        Object.assign(f, { built: parts[1]?.trim(), version: parts[2], signatures: Number(parts[3]) || undefined });
    } else if (st.size <= 64 * 1024 * 1024) {
      f.signatures = (await fs.readFile(p, 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
    }
    out.push(f);
  }
  return out;
}
