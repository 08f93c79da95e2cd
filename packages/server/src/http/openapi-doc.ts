import type { FastifyInstance } from 'fastify';

/** The app's OpenAPI document as committed in packages/api/openapi.json: pretty, keys sorted at every level. */
export function openApiJson(app: FastifyInstance): string {
  return JSON.stringify(sortKeys(app.swagger()), null, 2) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, sortKeys(o[k])]),
    );
  }
  return v;
}

export interface OperationProblem {
  method: string;
  path: string;
  problem: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Operations under /api without an operationId, and operationIds used more than once. */
export function operationProblems(doc: { paths?: Record<string, Record<string, unknown>> }): OperationProblem[] {
  const problems: OperationProblem[] = [];
  const seen = new Map<string, string>();
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const id = (op as { operationId?: string }).operationId;
      if (!id) {
        if (p.startsWith('/api/')) problems.push({ method, path: p, problem: 'no operationId' });
        continue;
      }
      const first = seen.get(id);
      if (first) problems.push({ method, path: p, problem: `operationId ${id} also used by ${first}` });
      else seen.set(id, `${method.toUpperCase()} ${p}`);
    }
  }
  return problems;
}
