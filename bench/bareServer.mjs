// The baseline: a bare Node http server in its own process answering the same JSON the trivial
// handler returns, so both sides of the comparison pay the same cross-process cost.
import { createServer } from 'node:http';

const body = Buffer.from(JSON.stringify({ ok: true }));
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
