import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@lantai/api';
import { DomainError, messageFor, pickLang } from './errors.ts';

/** Maps every failure to {code, message, requestId, issues?}; unknown errors never leak their text. */
export function installErrorHandler(app: FastifyInstance, onDenied: (req: FastifyRequest, err: DomainError) => Promise<void>) {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const send = (status: number, code: ErrorCode, issues?: { path: string; message: string }[]) =>
      sendError(req, reply, status, code, issues);
    if (err instanceof DomainError) {
      if (err.status === 403) await onDenied(req, err).catch((e) => req.log.error(e, 'audit of denial failed'));
      return send(err.status, err.code, err.issues);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: [err.validationContext, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return send(400, 'validation_failed', issues);
    }
    if (isResponseSerializationError(err)) {
      req.log.error(err, 'response does not match its schema');
      return send(500, 'internal');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) return send(400, 'malformed_json');
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, 'body_too_large');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(415, 'unsupported_media_type');
    if (err.statusCode === 429) return send(429, 'rate_limited');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return send(err.statusCode, 'validation_failed');
    req.log.error(err, 'unhandled error');
    return send(500, 'internal');
  });
}

export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: ErrorCode, issues?: { path: string; message: string }[]) {
  const lang = pickLang(req.headers['accept-language']);
  return reply.status(status).send({ code, message: messageFor(code, lang), requestId: req.id, ...(issues ? { issues } : {}) });
}
