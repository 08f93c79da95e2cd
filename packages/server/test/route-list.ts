import type { FastifyInstance } from 'fastify';

export interface RouteInfo {
  method: string;
  /** The route pattern, e.g. /api/users/:id */
  url: string;
  /**
   * How the authorisation matrix names the route: its operationId from the OpenAPI document, or, for routes
   * hidden from it, "METHOD /path" (the Swagger UI pages under /api/docs are one entry, "GET /api/docs*").
   */
  key: string;
}

/**
 * Every route the app has, read from Fastify's own router (app.printRoutes), so a route added anywhere
 * shows up here without anyone listing it. HEAD routes are Fastify's automatic mirrors of GET and skipped.
 */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const ids = operationIds(app);
  const out: RouteInfo[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    // "│   ├── /:id (PATCH)": the indent (4 characters a level) gives the depth, segments concatenate.
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(m[2] ?? '');
    const url = stack.join('');
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD')) {
      const key = url.startsWith('/api/docs') ? 'GET /api/docs*' : (ids.get(`${method} ${url}`) ?? `${method} ${url}`);
      out.push({ method, url, key });
    }
  }
  return out;
}

/** "METHOD /api/users/:id" → operationId, from the generated OpenAPI document. */
function operationIds(app: FastifyInstance): Map<string, string> {
  const doc = app.swagger() as { paths?: Record<string, Record<string, { operationId?: string }>> };
  const ids = new Map<string, string>();
  for (const [p, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.operationId) ids.set(`${method.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`, op.operationId);
    }
  }
  return ids;
}
