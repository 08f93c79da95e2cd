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
import { buildWebIfStale } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extra = []; // failures outside vitest, each counted as one failed test
let passed = 0;
let failed = 0;
let skipped = 0;

// 1. The web app (the server serves packages/web/dist; browser tests load it).
if (process.env.LANTAI_SKIP_WEB_BUILD === '1') console.log('[test] web build skipped (LANTAI_SKIP_WEB_BUILD=1)');
else {
  const code = buildWebIfStale({ log: (m) => console.log(`[test] ${m}`) });
  if (code !== 0) extra.push(`web build (npm run build:web) failed with exit code ${code}`);
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
  if (v.status !== 0 && failed === 0 && extra.length === 0)
    extra.push(`vitest exited with code ${v.status ?? v.signal} (unhandled error?)`);
}

// Name every failed test again at the end, where a reader of the last lines (CI's tail) sees it.
const failedTests = [];
for (const f of report?.testResults ?? []) {
  for (const a of f.assertionResults ?? []) {
    if (a.status !== 'failed') continue;
    const why = String(a.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
    failedTests.push(`${path.relative(root, f.name)} > ${a.fullName ?? a.title}: ${why}`);
  }
}
if (failedTests.length) {
  console.log('\n[test] failed tests:');
  for (const t of failedTests) console.log(`  ✗ ${t}`);
}
failed += extra.length;
if (extra.length) {
  console.log('\n[test] failures outside individual tests:');
  for (const e of extra) console.log(`  ✗ ${e}`);
}
if (passed + failed === 0) console.log('\n[test] no tests ran');
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
