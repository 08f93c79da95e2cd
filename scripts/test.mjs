#!/usr/bin/env node
// npm test: builds the web app when its build is missing or older than its sources, runs every vitest project
// (console output plus a JSON report in test-results/vitest.json), and ends with exactly one summary line:
//   N passed, N failed[, N skipped]
// The exit code is non-zero when anything failed or when no test ran.
// Extra arguments go to vitest (npm test -- packages/server/test/openapi.test.ts).
// TEST_DATABASE_URL=postgres://user:pw@host:5432/postgres runs the server tests against that PostgreSQL instead of the embedded one.
// LANTAI_SKIP_WEB_BUILD=1 skips the web build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const extra = []; // failures outside vitest, each counted as one failed test
let passed = 0;
let failed = 0;
let skipped = 0;

// 1. The web app (the server serves packages/web/dist; browser tests load it).
if (process.env.LANTAI_SKIP_WEB_BUILD === '1') console.log('[test] web build skipped (LANTAI_SKIP_WEB_BUILD=1)');
else if (webBuildIsCurrent()) console.log('[test] web build is up to date');
else {
  console.log('[test] building the web app (npm run build:web) …');
  const r = spawnSync(npm, ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) extra.push(`web build (npm run build:web) failed with exit code ${r.status ?? r.signal}`);
}

// 2. vitest: default reporter to the console, JSON to a file.
const reportFile = path.join(root, 'test-results', 'vitest.json');
fs.mkdirSync(path.dirname(reportFile), { recursive: true });
fs.rmSync(reportFile, { force: true });
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`, ...process.argv.slice(2)];
if (process.env.TEST_DATABASE_URL) console.log(`[test] external database lane: ${redact(process.env.TEST_DATABASE_URL)}`);
const started = Date.now();
const v = fs.existsSync(vitestBin)
  ? spawnSync(process.execPath, [vitestBin, ...args], { cwd: root, stdio: 'inherit' })
  : spawnSync('npx', ['vitest', ...args], { cwd: root, stdio: 'inherit' });
console.log(`[test] vitest finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${v.status ?? v.signal})`);

let report;
try {
  report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
} catch {
  extra.push(`vitest wrote no JSON report (exit ${v.status ?? v.signal})`);
}
if (report) {
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed outside any test (import error, failing beforeAll) counts as one failure.
  for (const f of report.testResults ?? []) {
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')) {
      extra.push(`${path.relative(root, f.name)}: ${(f.message || 'failed outside a test').split('\n')[0]}`);
    }
  }
  if (v.status !== 0 && failed === 0 && extra.length === 0) extra.push(`vitest exited with code ${v.status ?? v.signal} (unhandled error?)`);
}

failed += extra.length;
if (extra.length) {
  console.log('\n[test] failures outside individual tests:');
  for (const e of extra) console.log(`  ✗ ${e}`);
}
if (passed + failed === 0) console.log('\n[test] no tests ran');
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

/** True when packages/web/dist/index.html is newer than every web (and shared api) source file. */
function webBuildIsCurrent() {
  const built = path.join(root, 'packages/web/dist/index.html');
  if (!fs.existsSync(built)) return false;
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = ['packages/web/src', 'packages/web/public', 'packages/web/index.html', 'packages/web/portal.html', 'packages/web/vite.config.ts',
    'packages/web/package.json', 'packages/web/tsconfig.json', 'packages/api/src'];
  return sources.every((s) => newest(path.join(root, s)) <= builtAt);
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

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
