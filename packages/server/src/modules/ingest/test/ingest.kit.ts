import { createHash, randomUUID } from 'node:crypto';
import type { TestApp } from '../../../../test/app.ts';

/** Drives the ingest API like a client: chunked upload, run, wait, decide. */
export function ingestClient(t: TestApp, headers: Record<string, string>) {
  const inject = t.app.inject.bind(t.app);
  async function upload(bytes: Buffer, filename = 'package.zip', chunk = 64 * 1024, key = `k-${randomUUID()}`) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const c = await inject({ method: 'POST', url: '/api/ingest/uploads', headers, payload: { filename, size: bytes.length, sha256, idempotencyKey: key } });
    if (c.statusCode !== 200) throw new Error(`create upload: ${c.body}`);
    const id = c.json().id as string;
    for (let off = c.json().received as number; off < bytes.length; off += chunk) {
      const r = await inject({ method: 'PUT', url: `/api/ingest/uploads/${id}/chunk?offset=${off}`, headers: { ...headers, 'content-type': 'application/octet-stream' }, payload: bytes.subarray(off, off + chunk) });
      if (r.statusCode !== 200) throw new Error(`chunk at ${off}: ${r.body}`);
    }
    const done = await inject({ method: 'POST', url: `/api/ingest/uploads/${id}/complete`, headers });
    if (done.statusCode !== 200) throw new Error(`complete: ${done.body}`);
    return done.json() as { id: string; sha256: string; size: number };
  }
  async function run(uploadId: string, categoryId: string, extra: Record<string, unknown> = {}) {
    const r = await inject({ method: 'POST', url: '/api/ingest/runs', headers, payload: { uploadId, categoryId, stage: 'GD', ...extra } });
    if (r.statusCode !== 200) throw new Error(`run: ${r.body}`);
    return r.json() as { id: string; jobId: string };
  }
  async function waitRun(id: string, until = ['checked', 'accepted', 'rejected', 'failed']) {
    for (let i = 0; i < 600; i++) {
      const r = (await inject({ url: `/api/ingest/runs/${id}`, headers })).json();
      if (until.includes(r.status)) return r;
      await new Promise((res) => setTimeout(res, 100));
    }
    throw new Error('run did not finish');
  }
  const report = async (id: string, q = '') => (await inject({ url: `/api/ingest/runs/${id}/report${q}`, headers })).json();
  const decide = (id: string, d: 'accept' | 'reject', reason = '') => inject({ method: 'POST', url: `/api/ingest/runs/${id}/${d}`, headers, payload: { reason } });
  return { upload, run, waitRun, report, decide };
}
