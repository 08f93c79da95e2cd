#!/usr/bin/env node
// Builds the web app (npm run build:web) unless packages/web/dist is newer than every web source and @lantai/api source.
// Used by npm start and npm test; `--force` always builds. Exit code: that of the build (0 when skipped).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'packages/web/src',
  'packages/web/public',
  'packages/web/index.html',
  'packages/web/portal.html',
  'packages/web/vite.config.ts',
  'packages/web/package.json',
  'packages/web/tsconfig.json',
  'packages/api/src',
  'package-lock.json',
];

/** True when packages/web/dist/index.html is newer than every source the web build reads. */
export function webBuildIsCurrent() {
  const built = path.join(root, 'packages/web/dist/index.html');
  if (!fs.existsSync(built)) return false;
  const builtAt = fs.statSync(built).mtimeMs;
  return SOURCES.every((s) => newest(path.join(root, s)) <= builtAt);
}

/** Builds if stale; returns the exit code. */
export function buildWebIfStale({ force = false, log = console.log } = {}) {
  if (!force && webBuildIsCurrent()) {
    log('[web] build is up to date (packages/web/dist)');
    return 0;
  }
  log('[web] building the web app (npm run build:web) …');
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  return r.status ?? 1;
}

function newest(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildWebIfStale({ force: process.argv.includes('--force') }));
}
