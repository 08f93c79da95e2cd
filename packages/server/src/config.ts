import path from 'node:path';
import { z } from 'zod';

/** Every setting Lantai reads from the environment. No other file reads process.env. */
const EnvSchema = z.object({
  /** PostgreSQL 15+ connection string; unset means an embedded PostgreSQL in the data folder. */
  DATABASE_URL: z.string().url().optional(),
  /** Folder for the embedded database, the object store and logs. */
  LANTAI_DATA_DIR: z.string().default('./data'),
  /** HTTP port of the archive. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address the HTTP server binds to. */
  HOST: z.string().default('0.0.0.0'),
  /** Port of the embedded PostgreSQL (loopback only). */
  LANTAI_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Process roles: any of api, worker, cron. */
  SERVICES: z.string().default('api,worker,cron'),
  /** Load demo data into an empty archive. */
  LANTAI_DEMO: z.enum(['true', 'false']).default('true'),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Session lifetime in minutes (sliding). */
  LANTAI_SESSION_MINUTES: z.coerce.number().int().min(1).default(480),
  /** Storage adapter for objects: local disk (default) or S3. */
  LANTAI_STORAGE: z.enum(['local', 's3']).default('local'),
  LANTAI_S3_ENDPOINT: z.string().optional(),
  LANTAI_S3_BUCKET: z.string().optional(),
  LANTAI_S3_REGION: z.string().default('us-east-1'),
  LANTAI_S3_ACCESS_KEY: z.string().optional(),
  LANTAI_S3_SECRET_KEY: z.string().optional(),
  /** Set secure on cookies (behind HTTPS). */
  LANTAI_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  /** Requests per minute per IP on each public portal route (/api/public/…). */
  LANTAI_PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  /** Folder with the built web app (packages/web/dist). */
  LANTAI_WEB_DIST: z.string().optional(),
  /** ClamAV clamd for the ingest virus check: a socket path or host:port (default: Debian's clamav-daemon socket). */
  LANTAI_CLAMD: z.string().min(1).default('/var/run/clamav/clamd.ctl'),
});

export type Config = ReturnType<typeof loadConfig>;

/** Validates the environment once, listing every bad variable, and derives flags. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置无效 / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.LANTAI_DATA_DIR);
  const services = new Set(e.SERVICES.split(',').map((s) => s.trim()).filter(Boolean));
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    embedded: !e.DATABASE_URL,
    dataDir,
    pgDir: path.join(dataDir, 'pg'),
    objectsDir: path.join(dataDir, 'objects'),
    port: e.PORT,
    host: e.HOST,
    pgPort: e.LANTAI_PG_PORT,
    roles: { api: services.has('api'), worker: services.has('worker'), cron: services.has('cron') },
    demo: e.LANTAI_DEMO === 'true',
    logLevel: e.LOG_LEVEL,
    sessionMinutes: e.LANTAI_SESSION_MINUTES,
    secureCookies: e.LANTAI_SECURE_COOKIES === 'true',
    publicRateLimit: e.LANTAI_PUBLIC_RATE_LIMIT,
    webDist: e.LANTAI_WEB_DIST ? path.resolve(e.LANTAI_WEB_DIST) : undefined,
    clamd: parseClamd(e.LANTAI_CLAMD),
    storage: {
      kind: e.LANTAI_STORAGE,
      s3: {
        endpoint: e.LANTAI_S3_ENDPOINT,
        bucket: e.LANTAI_S3_BUCKET,
        region: e.LANTAI_S3_REGION,
        accessKeyId: e.LANTAI_S3_ACCESS_KEY,
        secretAccessKey: e.LANTAI_S3_SECRET_KEY,
      },
    },
  });
}

export class ConfigError extends Error {}

/** "host:port" → TCP; anything else is a unix socket path. */
export function parseClamd(v: string): { socket?: string; host?: string; port?: number } {
  const m = /^([^/:]+):(\d{1,5})$/.exec(v);
  return m ? { host: m[1], port: Number(m[2]) } : { socket: path.resolve(v) };
}
