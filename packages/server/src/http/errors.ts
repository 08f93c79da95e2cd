import { ERROR_MESSAGES, type ErrorCode } from '@lantai/api';

/** A failure with a stable code the client can act on; the HTTP status travels with it. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    readonly issues?: { path: string; message: string }[],
    message?: string,
  ) {
    super(message ?? ERROR_MESSAGES[code].en);
  }
}

export const notFound = () => new DomainError('not_found', 404);
export const forbidden = (code: ErrorCode = 'forbidden') => new DomainError(code, 403);
export const unauthenticated = (code: ErrorCode = 'unauthenticated') => new DomainError(code, 401);
export const conflict = (code: ErrorCode = 'conflict') => new DomainError(code, 409);
export const invalid = (issues: { path: string; message: string }[], code: ErrorCode = 'validation_failed') =>
  new DomainError(code, 400, issues);

/** zh-CN unless the client prefers English. */
export function pickLang(acceptLanguage: string | undefined): 'zh' | 'en' {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}

export const messageFor = (code: ErrorCode, lang: 'zh' | 'en') => ERROR_MESSAGES[code][lang];
