import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { bootstrapAccounts, DEMO_ACCOUNTS, FIRST_ADMINS } from './modules/auth/index.ts';
import { startEmbeddedPostgres, StartupError, type EmbeddedServer } from './platform/db/embedded-postgres.ts';
import { scheduleDemoLoad } from './demo/demo.jobs.ts';

/** npm start: embedded (or external) PostgreSQL → migrate → first admins → demo data → HTTP. */
async function main() {
  const config = loadConfig();
  await checkDataDir(config.dataDir);
  let pg: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    console.log(`启动内置 PostgreSQL / starting embedded PostgreSQL in ${config.pgDir} …`);
    pg = await startEmbeddedPostgres(config.pgDir, config.pgPort);
    url = pg.url();
  }
  const c = await createContainer(config, url, (m, e) => console.error(m, e)).catch((e: unknown) => {
    throw new StartupError(`无法连接数据库 / cannot use the database${config.databaseUrl ? ' at DATABASE_URL' : ''}: ${(e as Error).message}`);
  });
  const created = await bootstrapAccounts(c.db, config.demo ? [...FIRST_ADMINS, ...DEMO_ACCOUNTS] : FIRST_ADMINS);
  if (created.length) await announceCredentials(config.dataDir, created);
  if (config.roles.worker) await c.jobs.work(c.jobDefinitions);
  if (config.roles.worker) c.search.indexer.start();
  if (config.roles.worker) c.catalogue.signatures.start();
  if (config.demo && (await scheduleDemoLoad(c))) console.log('演示数据将在后台载入（见“后台任务”）/ demo data is loading in the background (see Jobs)');
  const webDist = config.webDist ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  const app = await buildApp(c, { logLevel: config.logLevel, webDist });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`收到 ${signal}，正在停止 / stopping …`);
    await app.close().catch(() => undefined);
    await c.close().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  if (config.roles.api) {
    try {
      await app.listen({ port: config.port, host: config.host });
    } catch (e) {
      await c.close().catch(() => undefined);
      await pg?.stop().catch(() => undefined);
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new StartupError(`端口 ${config.port} 已被占用 / port ${config.port} is in use: stop the other program or set PORT`);
      throw e;
    }
    console.log(`兰台已启动 / Lantai is running: http://localhost:${config.port}`);
  }
}

async function checkDataDir(dir: string) {
  try {
    await fs.mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.write-test-${process.pid}`);
    await fs.writeFile(probe, 'ok');
    await fs.rm(probe);
  } catch (e) {
    throw new StartupError(`数据目录不可写 / the data folder ${dir} is not writable (${(e as NodeJS.ErrnoException).code}): set LANTAI_DATA_DIR to a writable folder`);
  }
}

async function announceCredentials(dataDir: string, accounts: { username: string; password: string; roles: string[] }[]) {
  const file = path.join(dataDir, 'initial-credentials.txt');
  const text = ['# 兰台 Lantai — initial accounts (change each password at first sign-in; delete this file afterwards)',
    ...accounts.map((a) => `${a.username}\t${a.password}\t${a.roles.join(',')}`)].join('\n') + '\n';
  await fs.writeFile(file, text, { mode: 0o600 });
  console.log(`\n首次启动：已创建初始账号（密码只显示这一次，也已写入 ${file}，仅所有者可读）\nFirst start: initial accounts created (also written to ${file}, owner-only):`);
  for (const a of accounts) console.log(`  ${a.username.padEnd(16)} ${a.password}   (${a.roles.join(',')})`);
  console.log('');
}

main().catch((e: unknown) => {
  if (e instanceof StartupError || e instanceof ConfigError) console.error(`错误 / error: ${e.message}`);
  else console.error('错误 / error:', e);
  process.exit(1);
});
