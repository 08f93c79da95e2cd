import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createContainer } from '../container.ts';
import { openApiJson } from '../http/openapi-doc.ts';

/**
 * npm run gen:openapi — writes packages/api/openapi.json from the registered routes.
 * Needs no database: the container is wired offline and nothing is ever queried.
 * `--check` only compares and exits 1 when the committed file is stale.
 */
export const OPENAPI_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../api/openapi.json');

/** The document the current code produces. */
export async function renderOpenApi(): Promise<string> {
  const config = loadConfig({ LANTAI_DEMO: 'false', LOG_LEVEL: 'silent' });
  const c = await createContainer(config, 'postgres://offline@127.0.0.1:1/offline', () => {}, { offline: true });
  const app = await buildApp(c, { logLevel: 'silent' });
  try {
    await app.ready();
    return openApiJson(app);
  } finally {
    await app.close();
    await c.close();
  }
}

async function main() {
  const text = await renderOpenApi();
  const current = await fs.readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (current === text) return console.log(`${path.relative(process.cwd(), OPENAPI_FILE)} is up to date`);
    console.error(`${OPENAPI_FILE} is stale: run npm run gen:openapi`);
    process.exit(1);
  }
  if (current === text) return console.log(`unchanged: ${OPENAPI_FILE}`);
  await fs.writeFile(OPENAPI_FILE, text);
  console.log(`wrote ${OPENAPI_FILE}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
