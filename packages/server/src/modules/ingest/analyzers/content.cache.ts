/**
 * The bytes of the small files an extraction had in memory anyway, kept (by absolute path) for the checks of the same
 * run, so that format identification, the JPEG walk or decode and the link check do not open and read each file
 * again: on 55 KB files those reads cost about as much main-thread time as the checks themselves (docs/BENCHMARKS.md,
 * 2026-11-26 session 6). A cache only: every reader falls back to the file on disk, which is what the checks judge
 * (the bytes are the ones written there). Bounded to MAX_HELD bytes in the process; runChecks (runner.ts) releases a
 * package's files when its checks end, and openPackage when it fails.
 */
const MAX_HELD = 256 * 1024 * 1024;
const MAX_FILE = 4 * 1024 * 1024;
const held = new Map<string, Buffer>();
let heldBytes = 0;

export function keepContent(absPath: string, data: Buffer) {
  if (data.length > MAX_FILE || heldBytes + data.length > MAX_HELD || held.has(absPath)) return;
  held.set(absPath, data);
  heldBytes += data.length;
}

export const cachedContent = (absPath: string): Buffer | undefined => held.get(absPath);

export function releaseContent(absPaths: Iterable<string>) {
  for (const p of absPaths) {
    const b = held.get(p);
    if (!b) continue;
    held.delete(p);
    heldBytes -= b.length;
  }
}

/** Everything under a folder (a package's work folder that is being removed). */
export function releaseContentUnder(dir: string) {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  releaseContent([...held.keys()].filter((p) => p.startsWith(prefix)));
}

export const contentCacheStats = () => ({ files: held.size, bytes: heldBytes });
