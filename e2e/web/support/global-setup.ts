import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built workbench every e2e file serves (vite preview's outDir); '' = the dev server (LANTAI_E2E_WEB=dev). */
    webDist: string;
  }
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const webRoot = path.join(repo, 'packages/web');
const base = path.join(repo, '.test-data');

/**
 * The web app is built once per run, before any e2e file starts, into a folder of this run
 * (.test-data/web-<pid>): the files run in parallel and each one only serves it, so no file rebuilds
 * packages/web/dist under another. A current packages/web/dist (npm test has just built it) is copied
 * instead of built again; LANTAI_E2E_SKIP_BUILD=1 serves packages/web/dist as it is.
 */
export default async function setup(project: TestProject) {
  if (process.env.LANTAI_E2E_WEB === 'dev') {
    project.provide('webDist', '');
    return;
  }
  const dist = path.join(webRoot, 'dist');
  if (process.env.LANTAI_E2E_SKIP_BUILD === '1') {
    project.provide('webDist', dist);
    return;
  }
  await fs.mkdir(base, { recursive: true });
  await removeDeadRuns();
  const dir = path.join(base, `web-${process.pid}`);
  await fs.rm(dir, { recursive: true, force: true });
  const started = Date.now();
  const { webBuildIsCurrent } = (await import(path.join(repo, 'scripts/web-build.mjs'))) as { webBuildIsCurrent(): boolean };
  if (webBuildIsCurrent() && (await copyBuild(dist, dir))) {
    console.log(`[e2e] web app: packages/web/dist is current, copied to ${path.relative(repo, dir)} (${Date.now() - started} ms)`);
  } else {
    // A separate process: under vitest NODE_ENV is 'test', which would make a development build of React and antd.
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', dir, '--emptyOutDir'], {
      cwd: webRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' },
    });
    console.log(`[e2e] web app built into ${path.relative(repo, dir)} (${Date.now() - started} ms)`);
  }
  project.provide('webDist', dir);
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}

/** Copies a finished build; false when it turns out incomplete (a build in progress replaced files meanwhile). */
async function copyBuild(from: string, to: string): Promise<boolean> {
  await fs.cp(from, to, { recursive: true });
  for (const page of ['index.html', 'portal.html']) {
    const html = await fs.readFile(path.join(to, page), 'utf8').catch(() => null);
    if (html === null) return false;
    const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    if (assets.length === 0 || !assets.every((a) => existsSync(path.join(to, a)))) return false;
  }
  return true;
}

/** Web folders of runs whose vitest was killed. */
async function removeDeadRuns() {
  for (const name of await fs.readdir(base)) {
    const pid = Number(/^web-(\d+)$/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      await fs.rm(path.join(base, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
}
