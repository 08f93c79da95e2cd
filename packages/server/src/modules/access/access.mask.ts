/** Masks for personal data in every view (the full value only through an audited reveal). */
export function maskIdNo(v: string): string {
  if (v.length <= 4) return '*'.repeat(v.length);
  const head = v.length >= 12 ? 3 : 1;
  return v.slice(0, head) + '*'.repeat(v.length - head - 4) + v.slice(-4);
}
export const maskPhone = (v: string) => (v.length < 7 ? v.replace(/./g, '*') : v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4));

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
/** GB 11643-1999 居民身份证号码: 17 digits + ISO 7064 MOD 11-2 check character. */
export function validResidentId(v: string): boolean {
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(v[i]), 0);
  return CHECK[sum % 11] === v[17];
}
