#!/usr/bin/env node
// npm test: builds the web app when its build is missing or older than its sources, runs every vitest project
// (console output plus a JSON report in test-results/vitest.json), and ends with exactly one summary line:
//   N passed, N failed[, N skipped]
// The exit code is non-zero when anything failed or when no test ran.
// Extra arguments go to vitest (npm test -- packages/server/test/openapi.test.ts).
// TEST_DATABASE_URL=postgres://user:pw@host:5432/postgres runs the server tests against that PostgreSQL instead of the embedded one.
// LANTAI_SKIP_WEB_BUILD=1 skips the web build. LANTAI_TEST_RERUN=1 (CI) re-runs up to 3 failed files once and names flaky tests.
// LANTAI_TEST_WORKERS=n: test files at a time (default: cores − 1, at least 2; the browser files too, see vitest.config.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
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
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
if (process.env.TEST_DATABASE_URL) console.log(`[test] external database lane: ${redact(process.env.TEST_DATABASE_URL)}`);
// The same rule as vitest.config.ts (maxWorkers), printed so a CI log shows it.
console.log(`[test] up to ${Number(process.env.LANTAI_TEST_WORKERS) || Math.max(2, os.availableParallelism() - 1)} test files at a time (LANTAI_TEST_WORKERS)`);
const first = runVitest(process.argv.slice(2), reportFile);
const report = first.report;
if (!report) extra.push(`vitest wrote no JSON report (exit ${first.status})`);
const tally = tallyOf(report);
passed += tally.passed;
failed += tally.failed;
skipped += tally.skipped;
extra.push(...tally.outside);
if (report && first.status !== 0 && tally.failed === 0 && tally.outside.length === 0)
  extra.push(`vitest exited with code ${first.status} (unhandled error?)`);

// LANTAI_TEST_RERUN=1 (CI sets it): when at most 3 files failed, they run once more on their own. A test that fails
// and then passes is reported as flaky, by name, and counted as passed; one that fails again stays failed.
let healed = false;
const failedFiles = [...new Set((report?.testResults ?? []).filter((f) => f.status === 'failed').map((f) => f.name))];
if (process.env.LANTAI_TEST_RERUN === '1' && failedFiles.length > 0 && failedFiles.length <= 3 && extra.length === tally.outside.length) {
  console.log(`\n[test] re-running the ${failedFiles.length} failed file(s) once: ${failedFiles.map((f) => path.relative(root, f)).join(', ')}`);
  const projects = process.argv.slice(2).filter((a, i, all) => a.startsWith('--project') || all[i - 1] === '--project');
  // One file at a time: a failure that came from files running side by side does not meet its neighbour again.
  const again = runVitest(['--maxWorkers=1', ...projects, ...failedFiles], path.join(root, 'test-results', 'vitest-rerun.json'));
  const t2 = tallyOf(again.report);
  if (again.status === 0 && again.report && t2.failed === 0 && t2.outside.length === 0 && t2.passed > 0) {
    healed = true;
    failed -= tally.failed;
    passed += tally.failed;
    extra.splice(extra.length - tally.outside.length, tally.outside.length);
    console.log(`\n[test] flaky: ${tally.failed + tally.outside.length} failure(s) passed on the re-run:`);
    for (const t of [...tally.failedTests, ...tally.outside]) console.log(`  ~ ${t}`);
  } else console.log('[test] the re-run failed too: the failures stand');
}

// Name every failed test that stands again at the end, where a reader of the last lines (CI's tail) sees it.
if (tally.failedTests.length && !healed) {
  console.log('\n[test] failed tests:');
  for (const t of tally.failedTests) console.log(`  ✗ ${t}`);
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

/** Runs vitest with the console reporter and a JSON report; returns the exit status and the parsed report. */
function runVitest(vitestArgs, jsonFile) {
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.rmSync(jsonFile, { force: true });
  const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, ...vitestArgs];
  const started = Date.now();
  const v = fs.existsSync(vitestBin)
    ? spawnSync(process.execPath, [vitestBin, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync('npx', ['vitest', ...args], { cwd: root, stdio: 'inherit' });
  const status = v.status ?? v.signal;
  console.log(`[test] vitest finished in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${status})`);
  try {
    return { status, report: JSON.parse(fs.readFileSync(jsonFile, 'utf8')) };
  } catch {
    return { status, report: null };
  }
}

/** Counts of a JSON report; a file that failed outside any test (import error, failing beforeAll) is one failure. */
function tallyOf(r) {
  const out = { passed: r?.numPassedTests ?? 0, failed: r?.numFailedTests ?? 0, skipped: (r?.numPendingTests ?? 0) + (r?.numTodoTests ?? 0), outside: [], failedTests: [] };
  for (const f of r?.testResults ?? []) {
    if (f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'))
      out.outside.push(`${path.relative(root, f.name)}: ${(f.message || 'failed outside a test').split('\n')[0]}`);
    for (const a of f.assertionResults ?? []) {
      if (a.status !== 'failed') continue;
      const why = String(a.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
      out.failedTests.push(`${path.relative(root, f.name)} > ${a.fullName ?? a.title}: ${why}`);
    }
  }
  return out;
}
