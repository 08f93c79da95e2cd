// Test support for the file-level checks: a package made of loose files, a check context, temp folders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckContext, CheckServices, IngestPackage, PackageFile, Stage } from '../checks/check.types.js';

export const TESTDATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../../shared/testdata');
export const td = (p: string) => path.join(TESTDATA, p);

export function fileOf(absPath: string, declared?: PackageFile['declared'], name?: string): PackageFile {
  return { path: name ?? path.basename(absPath), absPath, size: fs.statSync(absPath).size, digests: {}, declared };
}

export function pkgOf(files: PackageFile[], xmlFiles: PackageFile[] = []): IngestPackage {
  return {
    layout: 'folder',
    root: path.dirname(files[0]?.absPath ?? os.tmpdir()),
    records: [{ key: 'r1', metadata: {}, files }],
    files: [...files, ...xmlFiles],
    declared: {},
    xmlFiles,
  };
}

export function ctxOf(
  pkg: IngestPackage,
  settings: Record<string, unknown> = {},
  services: CheckServices = {},
  stage: Stage = 'GD',
): CheckContext {
  return { pkg, stage, settings, signal: new AbortController().signal, services };
}

/** A fresh temp folder; remove it with the returned function. */
export function tempDir(): { dir: string; put(name: string, data: Buffer | string): string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-analyzer-test-'));
  return {
    dir,
    put(name, data) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, data);
      return p;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Runs fn with TMPDIR pointing at a fresh private folder (inherited by the tools the checks start), and returns
 * what was left in it afterwards — which must be nothing. The machine's shared /tmp is no evidence either way.
 */
export async function leftInPrivateTmp(fn: () => Promise<unknown>): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantai-private-tmp-'));
  const old = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    await fn();
    return fs.readdirSync(dir);
  } finally {
    if (old === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = old;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A grey JPEG of a pseudo-random pattern (it compresses like a scanned page, not like a flat fill). */
export async function patternJpeg(width: number, height: number, quality = 60): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  const px = Buffer.alloc(width * height);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7919) % 251;
  return sharp(px, { raw: { width, height, channels: 1 } }).jpeg({ quality }).toBuffer();
}
