import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';
import { createServer, preview } from 'vite';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/web');

/**
 * Serves the workbench with /api and /healthz forwarded to `apiUrl`. Default: `vite preview` of the production
 * build that global-setup.ts made once for the run (its folder is provided as webDist), so e2e files run in
 * parallel. LANTAI_E2E_WEB=dev uses the dev server instead (React/antd warnings visible).
 */
export async function startWeb(apiUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  process.env.LANTAI_API_URL = apiUrl; // read by packages/web/vite.config.ts
  const common = { root: webRoot, logLevel: 'warn' as const, configFile: path.join(webRoot, 'vite.config.ts') };
  if (process.env.LANTAI_E2E_WEB === 'dev') {
    const dev = await createServer({ ...common, server: { port: 0, host: '127.0.0.1', strictPort: false } });
    await dev.listen();
    const url = dev.resolvedUrls?.local[0];
    if (!url) throw new Error('vite dev server has no URL');
    return { url: url.replace(/\/$/, ''), stop: () => dev.close() };
  }
  let outDir = inject('webDist');
  if (!outDir) {
    // Without the e2e project's globalSetup: build packages/web/dist here, as before (one file at a time).
    // A separate process: under vitest NODE_ENV is 'test', which would make a development build of React and antd.
    outDir = path.join(webRoot, 'dist');
    if (process.env.LANTAI_E2E_SKIP_BUILD !== '1') {
      execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: webRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    }
  }
  const srv = await preview({ ...common, build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = srv.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview has no URL');
  return { url: url.replace(/\/$/, ''), stop: () => srv.close() };
}
