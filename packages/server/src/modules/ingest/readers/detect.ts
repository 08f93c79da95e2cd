import type { IngestPackage } from '../checks/check.types.ts';
import { readBagit } from './bagit.reader.ts';
import { isEepFile, readEep } from './eep.reader.ts';
import { readFolder } from './folder.reader.ts';
import type { PackageSource } from './reader.types.ts';
import { readTransfer2012 } from './transfer2012.reader.ts';

/** A package wrapped in one enclosing folder (zip of a folder) is read from inside that folder. */
export function unwrap(src: PackageSource): PackageSource {
  const tops = new Set(src.files.map((f) => f.path.split('/')[0]));
  if (tops.size !== 1 || src.files.some((f) => !f.path.includes('/'))) return src;
  const top = [...tops][0]!;
  if (top === 'data' || top === '电子档案' || top === 'objects') return src;
  return { ...src, root: `${src.root}/${top}`, files: src.files.map((f) => ({ ...f, path: f.path.slice(top.length + 1) })) };
}

/** Picks the reader by what the package root holds: bagit.txt → BagIt; 说明文件/文件目录/电子档案 → 2012 layout; EEP XML only → EEP; else a plain folder. */
export async function readPackage(source: PackageSource, hint?: 'eep'): Promise<IngestPackage> {
  const src = unwrap(source);
  const top = src.files.filter((f) => !f.path.includes('/')).map((f) => f.path);
  if (top.includes('bagit.txt') || (top.some((p) => /^manifest-\w+\.txt$/.test(p)) && src.files.some((f) => f.path.startsWith('data/')))) return readBagit(src);
  if (top.some((p) => /^(说明文件\.txt|文件目录\.xml|案卷目录\.xml)$/i.test(p)) || src.files.some((f) => f.path.startsWith('电子档案/'))) return readTransfer2012(src);
  if (hint === 'eep' || (src.files.length > 0 && src.files.every(isEepFile) && src.files.some((f) => /\.eep$/i.test(f.path)))) return readEep(src);
  return readFolder(src);
}
