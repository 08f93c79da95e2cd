import { signIn } from '@lantai/api';
import { readConfig, writeConfig } from './config.ts';

/** Reads a password without echoing it (a terminal), or the whole of stdin (a pipe). */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (!fromStdin && process.env.LANTAI_PASSWORD) return process.env.LANTAI_PASSWORD;
  const stdin = process.stdin;
  if (fromStdin || !stdin.isTTY) {
    let all = '';
    for await (const c of stdin) all += String(c);
    return all.replace(/\r?\n$/, '');
  }
  process.stderr.write('密码 / password: ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let pw = '';
    const onData = (b: Buffer) => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') { done(); resolve(pw); return; }
        if (ch === '\u0003') { done(); reject(new Error('cancelled')); return; }
        pw = ch === '\u007f' || ch === '\b' ? pw.slice(0, -1) : pw + ch;
      }
    };
    const done = () => { stdin.off('data', onData); stdin.setRawMode(false); stdin.pause(); process.stderr.write('\n'); };
    stdin.on('data', onData);
  });
}

/**
 * lantai login --user: signs in as a person and saves the session (cookie + CSRF token) beside the URL, keeping a
 * saved API token of the same server. Password from --password-stdin, LANTAI_PASSWORD or a prompt.
 */
export async function loginAsUser(o: { url: string; user: string; passwordStdin?: boolean }) {
  const s = await signIn({ baseUrl: o.url, lang: process.env.LANG?.startsWith('zh') ? 'zh' : 'en' }, o.user, await readPassword(!!o.passwordStdin));
  const before = readConfig({ ...process.env, LANTAI_URL: undefined, LANTAI_TOKEN: undefined });
  const file = writeConfig({ url: o.url, token: before.url === o.url ? before.token : undefined, session: { username: s.username, cookie: s.cookie, csrfToken: s.csrfToken } });
  return { file, username: s.username, roles: s.session.user.roles, mustChangePassword: s.session.user.mustChangePassword };
}
