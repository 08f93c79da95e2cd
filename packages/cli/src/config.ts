import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface CliConfig { url: string; token?: string }

/** ~/.config/lantai/config.json (mode 0600), overridden by LANTAI_URL / LANTAI_TOKEN. */
export const configFile = (env = process.env) => path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'lantai', 'config.json');

export function readConfig(env = process.env): CliConfig {
  let saved: Partial<CliConfig> = {};
  try {
    saved = JSON.parse(fs.readFileSync(configFile(env), 'utf8')) as Partial<CliConfig>;
  } catch { /* no saved config yet */ }
  return { url: env.LANTAI_URL ?? saved.url ?? 'http://localhost:3000', token: env.LANTAI_TOKEN ?? saved.token };
}

export function writeConfig(c: CliConfig, env = process.env): string {
  const file = configFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  return file;
}
