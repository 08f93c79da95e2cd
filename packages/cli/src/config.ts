import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A person's session (lantai login --user), for what takes people rather than tokens, e.g. 移交 transfers. */
export interface SavedSession { username: string; cookie: string; csrfToken: string }
export interface CliConfig { url: string; token?: string; session?: SavedSession }

/** ~/.config/lantai/config.json (mode 0600), overridden by LANTAI_URL / LANTAI_TOKEN. */
export const configFile = (env = process.env) => path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'lantai', 'config.json');

export function readConfig(env = process.env): CliConfig {
  let saved: Partial<CliConfig> = {};
  try {
    saved = JSON.parse(fs.readFileSync(configFile(env), 'utf8')) as Partial<CliConfig>;
  } catch { /* no saved config yet */ }
  const url = env.LANTAI_URL ?? saved.url ?? 'http://localhost:3000';
  // A saved session belongs to the server it was made on.
  return { url, token: env.LANTAI_TOKEN ?? saved.token, session: saved.session && saved.url === url ? saved.session : undefined };
}

export function writeConfig(c: CliConfig, env = process.env): string {
  const file = configFile(env);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify(c, null, 2) + '\n', { mode: 0o600 });
  return file;
}
