import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3Storage, type S3Storage } from './s3.storage.ts';
import { collect, expectStorageError, failingSource, runStorageContract, sha256Of, slowSource } from './storage.contract-test.ts';

// A real (fake) S3 server over HTTP: s3rver on 127.0.0.1, random port, files in a temp directory.
// It runs in a child process so that its own memory and event loop stay out of the measurements
// of the adapter (the bounded-memory contract test), and the traffic is real HTTP between processes.
const S3RVER = `
  const S3rver = require('s3rver');
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.env.S3RVER_DIR });
  server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'));
  process.stdin.on('end', () => {
    setTimeout(() => process.exit(0), 2000).unref();
    server.close().finally(() => process.exit(0));
  }).resume();`;
let child: ChildProcessWithoutNullStreams;
let serverDir: string;
let endpoint: string;
let admin: S3Client;
const creds = { region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };

beforeAll(async () => {
  serverDir = await mkdtemp(join(tmpdir(), 'lantai-s3rver-'));
  child = spawn(process.execPath, ['-e', S3RVER], {
    cwd: fileURLToPath(new URL('.', import.meta.url)), // resolve 's3rver' from this package
    env: { ...process.env, S3RVER_DIR: serverDir },
  });
  child.stderr.pipe(process.stderr);
  const port = await new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
    child.stdout.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
  });
  endpoint = `http://127.0.0.1:${port}`;
  admin = new S3Client({
    endpoint, region: creds.region, forcePathStyle: true,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED', // s3rver cannot decode aws-chunked bodies
  });
});
afterAll(async () => {
  admin?.destroy();
  if (child && child.exitCode === null) {
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.end(); // the child closes the server and exits when its stdin ends
    await exited;
  }
  await rm(serverDir, { recursive: true, force: true });
});

/** A fresh bucket and spool directory per test. */
async function makeS3(): Promise<{ storage: S3Storage; bucket: string; spool: string; cleanup: () => Promise<void> }> {
  const bucket = `t-${randomUUID().slice(0, 13)}`;
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  const spool = await mkdtemp(join(tmpdir(), 'lantai-s3-spool-'));
  const storage = createS3Storage({ ...creds, endpoint, bucket, tmpDir: spool });
  return { storage, bucket, spool, cleanup: async () => (storage.client.destroy(), rm(spool, { recursive: true, force: true })) };
}

async function rawGet(bucket: string, Key: string) {
  const out = await admin.send(new GetObjectCommand({ Bucket: bucket, Key }));
  return { bytes: Buffer.from(await out.Body!.transformToByteArray()), Metadata: out.Metadata };
}

runStorageContract('s3 (s3rver)', async () => {
  const { storage, bucket, spool, cleanup } = await makeS3();
  return {
    storage,
    cleanup,
    tempFiles: () => readdir(spool),
    async corrupt(sha256) {
      const Key = storage.objectKeyOf(sha256);
      const { bytes, Metadata } = await rawGet(bucket, Key);
      bytes[bytes.length >> 1]! ^= 0x10;
      await admin.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, Metadata }));
    },
  };
});

describe('s3 storage', () => {
  let s: Awaited<ReturnType<typeof makeS3>>;
  beforeEach(async () => void (s = await makeS3()));
  afterEach(() => s.cleanup());

  it('stores objects/ab/cd/<sha256> with sha256 and sm3 in the metadata', async () => {
    const r = await s.storage.put(Buffer.from('layout'));
    const Key = `objects/${r.sha256.slice(0, 2)}/${r.sha256.slice(2, 4)}/${r.sha256}`;
    expect(s.storage.objectKeyOf(r.sha256)).toBe(Key);
    const { bytes, Metadata } = await rawGet(s.bucket, Key);
    expect(bytes.toString()).toBe('layout');
    expect(Metadata).toMatchObject({ sha256: r.sha256, sm3: r.sm3 });
  });

  it('sends our SHA-256 as x-amz-checksum-sha256 and a plain (not aws-chunked) body', async () => {
    const seen: Record<string, string>[] = [];
    s.storage.client.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { method?: string; headers?: Record<string, string> };
        if (req.method === 'PUT' && req.headers) seen.push({ ...req.headers });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    const data = randomBytes(100_000);
    const r = await s.storage.put(slowSource(data));
    expect(seen).toHaveLength(1);
    expect(seen[0]!['x-amz-checksum-sha256']).toBe(Buffer.from(r.sha256, 'hex').toString('base64'));
    expect(seen[0]!['content-encoding'] ?? '').not.toContain('aws-chunked');
    expect(seen[0]!['content-length']).toBe(String(data.length));
    expect((await rawGet(s.bucket, s.storage.objectKeyOf(r.sha256))).bytes.equals(data)).toBe(true);
  });

  it('replaces a stored object whose size is wrong (damaged) when the bytes are put again', async () => {
    const data = randomBytes(50_000);
    const Key = s.storage.objectKeyOf(sha256Of(data));
    await admin.send(new PutObjectCommand({ Bucket: s.bucket, Key, Body: data.subarray(0, 1000) }));
    expect((await s.storage.verify(sha256Of(data))).ok).toBe(false);
    expect((await s.storage.put(data)).created).toBe(true);
    expect(await s.storage.verify(sha256Of(data))).toMatchObject({ ok: true, size: data.length });
  });

  it('list() ignores foreign keys in the bucket', async () => {
    const { sha256 } = await s.storage.put(Buffer.from('real'));
    const other = sha256Of('other');
    for (const Key of ['objects/readme.txt', `other/${sha256}`, `objects/00/00/${other}`, `objects/${other}`, `objects/${s.storage.objectKeyOf(other).slice(8)}.bak`]) {
      await admin.send(new PutObjectCommand({ Bucket: s.bucket, Key, Body: 'junk' }));
    }
    expect(await collect(s.storage.list())).toEqual([sha256]);
  });

  it('maps an unreachable endpoint to storage_unavailable and leaves no spool file', async () => {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as { port: number };
        srv.close(() => resolve(port));
      });
    });
    const down = createS3Storage({ ...creds, endpoint: `http://127.0.0.1:${port}`, bucket: s.bucket, tmpDir: s.spool, maxAttempts: 1 });
    const key = sha256Of('x');
    await expectStorageError(down.head(key), 'storage_unavailable');
    await expectStorageError(down.get(key), 'storage_unavailable');
    await expectStorageError(down.put(Buffer.from('x')), 'storage_unavailable');
    await expectStorageError(collect(down.list()), 'storage_unavailable');
    await expect(down.put(failingSource(1000))).rejects.toThrow('source broke');
    expect(await readdir(s.spool)).toEqual([]);
    down.client.destroy();
  });

});
