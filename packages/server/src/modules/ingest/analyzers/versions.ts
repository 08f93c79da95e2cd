import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cache = new Map<string, string>();

/** The installed version of an npm package (for evidence: "tool name and version"), or 'unknown'. */
export function packageVersion(name: string): string {
  let v = cache.get(name);
  if (v) return v;
  v = 'unknown';
  try {
    let dir = path.dirname(require.resolve(name));
    for (let i = 0; i < 5 && v === 'unknown'; i++, dir = path.dirname(dir)) {
      const pj = path.join(dir, 'package.json');
      if (fs.existsSync(pj)) {
        const j = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string; version?: string };
        if (j.name === name && j.version) v = j.version;
      }
    }
  } catch {
    // not installed: 'unknown'
  }
  cache.set(name, v);
  return v;
}
