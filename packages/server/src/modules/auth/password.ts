import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (e, k) => (e ? reject(e) : resolve(k))));

// scrypt N=2^15, r=8, p=1 (OWASP's minimum for scrypt): ~100 ms, 32 MiB per hash.
const N = 1 << 15, R = 8, P = 1, LEN = 32;

/** Returns `scrypt$N$r$p$salt$key` (base64url); the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, LEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, key] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(actual, expected);
}

/** At least 10 characters, with a letter and a digit, and not the user name. */
export function isStrongPassword(password: string, username: string): boolean {
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password)
    && !password.toLowerCase().includes(username.toLowerCase());
}

/** A random password for a first administrator: 20 characters of base64url, always with a digit. */
export function generatePassword(): string {
  for (;;) {
    const p = randomBytes(15).toString('base64url');
    if (/\d/.test(p) && /[A-Za-z]/.test(p)) return p;
  }
}

/** Compares a dummy hash when the user does not exist, so timing does not reveal user names. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
