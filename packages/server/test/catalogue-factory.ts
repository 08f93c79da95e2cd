import type { FastifyInstance } from 'fastify';

let n = 0;
/** A fresh 4-character 全宗号 per call, so tests in one database never collide. */
export const nextFondsCode = () => `T${(++n).toString().padStart(3, '0')}`.slice(0, 4);

/** Creates a fonds with a 文书 (WS) category through the API and returns their ids. */
export async function buildFonds(app: FastifyInstance, headers: Record<string, string>, template: 'WS' | 'KJ' = 'WS', code = nextFondsCode()) {
  const f = await app.inject({ method: 'POST', url: '/api/fonds', headers, payload: { code, name: `测试全宗${code}`, agency: `测试单位${code}`, startYear: 2000 } });
  if (f.statusCode !== 200) throw new Error(`fonds: ${f.body}`);
  const c = await app.inject({ method: 'POST', url: `/api/fonds/${f.json().id}/categories`, headers, payload: { template } });
  if (c.statusCode !== 200) throw new Error(`category: ${c.body}`);
  return { fondsId: f.json().id as string, fondsCode: code, categoryId: c.json().id as string, schemeId: c.json().currentSchemeId as string };
}

export const wsRecord = (categoryId: string, over: Record<string, unknown> = {}) => ({
  categoryId, title: '关于印发年度工作要点的通知', responsible: '办公室', docNumber: '晋办发〔2021〕1号', docDate: '20210315',
  year: 2021, retention: 'Y', orgCode: 'BGS', security: 'public', pages: 3, ...over,
});
