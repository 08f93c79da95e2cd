export type SafePath = { ok: true; path: string } | { ok: false; zh: string; en: string };

/**
 * A package-internal path made safe to join under the package root: '/'-separated, NFC, no empty,
 * '.' or '..' segments. Refused: absolute paths, drive letters and UNC names, home shortcuts (`~`,
 * `~root`), NUL and other C0 control characters except TAB (kept; flagged elsewhere).
 */
export function safeRelativePath(raw: string): SafePath {
  if (raw.includes('\0')) return { ok: false, zh: '含 NUL 字符', en: 'contains NUL' };
  const s = raw.replace(/\\/g, '/');
  if (s.startsWith('/')) return { ok: false, zh: '绝对路径', en: 'absolute path' };
  if (/^[A-Za-z]:/.test(s)) return { ok: false, zh: '含盘符的绝对路径', en: 'drive-letter path' };
  if (s.startsWith('~')) return { ok: false, zh: '指向用户主目录', en: 'home-directory shortcut' };
  const parts: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') return { ok: false, zh: '含 ../ 越出信息包', en: 'escapes the package with ../' };
    // eslint-disable-next-line no-control-regex
    if (/[\x01-\x08\x0a-\x1f]/.test(seg)) return { ok: false, zh: '含控制字符', en: 'contains control characters' };
    parts.push(seg.normalize('NFC'));
  }
  return { ok: true, path: parts.join('/') };
}
