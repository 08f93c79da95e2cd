import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './db.ts';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs `src/main.ts` to its exit and returns the exit code and everything it printed. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', tsxLoader, 'src/main.ts'], { cwd: serverDir, env: { ...process.env, LANTAI_DEMO: 'false', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d));
    p.stderr.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 170_000);
    p.on('exit', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

const errorLines = (out: string) => out.split('\n').filter((l) => l.startsWith('错误 / error'));

describe('start-up failures end with one clear line and a non-zero exit', { timeout: 180_000 }, () => {
  it('reports a port that is already in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', r));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-port-'));
      const { code, out } = await runMain({ DATABASE_URL: await createTestDatabase(), PORT: String(port), LANTAI_DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(errorLines(out)).toEqual([`错误 / error: 端口 ${port} 已被占用 / port ${port} is in use: stop the other program or set PORT`]);
    } finally {
      blocker.close();
    }
  });

  it('reports a data folder that cannot be written', async () => {
    const file = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-ro-')), 'not-a-folder');
    await fs.writeFile(file, 'x');
    const { code, out } = await runMain({ LANTAI_DATA_DIR: path.join(file, 'data'), PORT: '0' });
    expect(code).toBe(1);
    expect(errorLines(out)).toHaveLength(1);
    expect(errorLines(out)[0]).toContain('数据目录不可写 / the data folder');
    expect(errorLines(out)[0]).toContain('LANTAI_DATA_DIR');
  });

  it('reports an unreachable external database', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lantai-db-'));
    const { code, out } = await runMain({ DATABASE_URL: 'postgres://lantai:x@127.0.0.1:1/lantai', LANTAI_DATA_DIR: dataDir, PORT: '0' });
    expect(code).toBe(1);
    expect(errorLines(out)).toHaveLength(1);
    expect(errorLines(out)[0]).toContain('无法连接数据库 / cannot use the database at DATABASE_URL');
  });

  it('reports a bad setting by name', async () => {
    const { code, out } = await runMain({ PORT: 'eighty' });
    expect(code).toBe(1);
    expect(out).toContain('PORT');
    expect(out).toContain('配置无效 / invalid configuration');
  });
});
