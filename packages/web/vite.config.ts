import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = fileURLToPath(new URL('.', import.meta.url));

// The API server the dev server and `vite preview` forward to; tests point it at their own server.
const apiTarget = process.env.LANTAI_API_URL ?? 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiTarget, changeOrigin: false },
  '/healthz': { target: apiTarget, changeOrigin: false },
};

/** The portal is its own page: /portal and every path under it get portal.html (the server does the same). */
const portalPages = (req: { url?: string }, _res: unknown, next: () => void) => {
  if (req.url && /^\/portal(?:[/?#]|$)/.test(req.url)) req.url = '/portal.html';
  next();
};
const portalFallback: Plugin = {
  name: 'lantai-portal-fallback',
  configureServer: (s) => void s.middlewares.use(portalPages),
  configurePreviewServer: (s) => void s.middlewares.use(portalPages),
};

export default defineConfig({
  root: here,
  plugins: [react(), portalFallback],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: {
        // 工作台 (staff workbench) and the public portal (filled in by a later issue).
        index: resolve(here, 'index.html'),
        portal: resolve(here, 'portal.html'),
      },
    },
  },
});
