// Paths inside a BagIt bag (RFC 8493 §2.1.3): manifests escape only CR, LF and '%' as %0D, %0A, %25.
// Anything else that looks percent-encoded (e.g. a file literally named "%7Edir") is taken as is.

export const encodeManifestPath = (p: string) => p.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

export const decodeManifestPath = (p: string) => p.replace(/%(0A|0D|25)/gi, (_m, c: string) => ({ '0A': '\n', '0D': '\r', '25': '%' })[c.toUpperCase()]!);

/**
 * Why a path from a manifest or fetch.txt may not be used, or null when it is a plain relative path
 * inside the bag. Never resolves anything: absolute, home-directory, Windows drive/UNC/env-variable
 * forms and any '..' segment are refused outright.
 */
export function unsafePathReason(p: string): string | null {
  if (p.length === 0) return 'empty path';
  if (p.startsWith('/')) return 'absolute path';
  if (p.startsWith('~')) return 'home-directory shortcut';
  if (/^[a-zA-Z]:/.test(p) || p.startsWith('\\\\') || p.includes('\\')) return 'Windows path';
  if (/^%[A-Za-z_]+%/.test(p)) return 'environment-variable path';
  if (p.includes('\0')) return 'NUL in path';
  if (p.split('/').some((s) => s === '..')) return "'..' segment";
  return null;
}

/** './data/x' → 'data/x' (tolerated, with a warning by the caller). */
export const stripDotSlash = (p: string) => (p.startsWith('./') ? p.slice(2) : p);

/** A file name safe as one path segment of our own bags: no separators, no control characters, not '.'/'..'. */
export function safeSegment(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const s = name.normalize('NFC').replace(/[/\\\x00-\x1f\x7f]/g, '_').slice(0, 200);
  return s === '' || s === '.' || s === '..' ? '_' : s;
}

/** Names taken in one folder of a bag being written; a repeated name gets ' (2)', ' (3)' … before its extension. */
export function uniqueNamer() {
  const used = new Set<string>();
  return (dir: string, name: string) => {
    let candidate = `${dir}/${name}`;
    for (let i = 2; used.has(candidate.toLowerCase()); i++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > 0 ? `${dir}/${name.slice(0, dot)} (${i})${name.slice(dot)}` : `${dir}/${name} (${i})`;
    }
    used.add(candidate.toLowerCase());
    return candidate;
  };
}
