import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { createServer, preview } from 'vite';

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/web');

/**
 * Serves the workbench with /api and /healthz forwarded to `apiUrl`. Default: a fresh production build
 * under `vite preview`. LANTAI_E2E_WEB=dev uses the dev server instead (React/antd warnings visible).
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
  // A separate process: under vitest NODE_ENV is 'test', which would make a development build of React and antd.
  if (process.env.LANTAI_E2E_SKIP_BUILD !== '1') {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: webRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  }
  const srv = await preview({ ...common, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = srv.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview has no URL');
  return { url: url.replace(/\/$/, ''), stop: () => srv.close() };
}
