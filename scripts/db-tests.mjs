#!/usr/bin/env node
// Prints the server and CLI test files that use the database (one path per line), for CI's external-PostgreSQL lane:
// a test file uses it when it, or a module it imports through relative imports, imports the test database helpers
// (packages/server/test/db.ts, test/app.ts) or asks vitest for the server (inject('pgServerUrl')). The other test files
// (file analyzers, PDF layout, zip extraction …) would only repeat on that lane what the embedded lane proves.
// With --others, prints those instead (for checking the split).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DB_HELPERS = ['packages/server/test/db.ts', 'packages/server/test/app.ts'].map((p) => path.join(root, p));
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const memo = new Map();

function usesDb(file, seen = new Set()) {
  if (memo.has(file)) return memo.get(file);
  if (seen.has(file)) return false;
  seen.add(file);
  if (DB_HELPERS.includes(file)) return true;
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  let hit = /inject\(\s*['"]pgServerUrl['"]/.test(text);
  for (const m of text.matchAll(IMPORT)) {
    if (hit) break;
    const base = path.resolve(path.dirname(file), m[1]);
    const target = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p) && fs.statSync(p).isFile());
    if (target) hit = usesDb(target, seen);
  }
  memo.set(file, hit);
  return hit;
}

function testFiles(dir) {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts') && !e.parentPath.includes('node_modules'))
    .map((e) => path.join(e.parentPath, e.name));
}

const others = process.argv.includes('--others');
const files = ['packages/server/src', 'packages/server/test', 'packages/cli/src', 'packages/cli/test']
  .map((d) => path.join(root, d)).filter((d) => fs.existsSync(d)).flatMap(testFiles).sort();
for (const f of files) if (usesDb(f) !== others) console.log(path.relative(root, f));
