// The denominator of bench/healthz.bench.ts: Fastify with no plugins and no logger, one JSON route.
// Usage: node bench/bare-fastify.mjs <port>; prints "listening <port>" when ready.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ hello: 'world' }));
const port = Number(process.argv[2] ?? 0);
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening ${app.server.address().port}`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
