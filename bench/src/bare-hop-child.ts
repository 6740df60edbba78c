/**
 * A process in between that does no work of its own: a Node HTTP server that forwards each POST,
 * headers and bytes unchanged, to one subgraph over a keep-alive connection and sends the answer
 * back. No GraphQL, no token check, no JSON parsing. `node bare-hop-child.js '{"members":"http://…"}'`
 * listens on 127.0.0.1, one port per subgraph, and sends `{ members: port, … }` to its parent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The headers that describe one connection, not the request: the forwarded request has its own. */
const HOP_HEADERS = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding']);

function forwardTo(upstream: URL, agent: http.Agent): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_HEADERS.has(name)));
      const fail = (error: Error) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(error.message);
      };
      const forwarded = http.request({ agent, host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('error', fail);
        answer.on('aborted', () => fail(new Error('the subgraph cut its answer off')));
        answer.on('end', () => {
          const bytes = Buffer.concat(body);
          res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': bytes.length });
          res.end(bytes);
        });
      });
      forwarded.on('error', fail);
      forwarded.end(Buffer.concat(chunks));
    });
  };
}

async function main(): Promise<void> {
  const upstreams = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const ports: Record<string, number> = {};
  for (const [name, url] of Object.entries(upstreams)) {
    const upstream = new URL(url);
    if (upstream.hostname !== '127.0.0.1') throw new Error(`the bare hop only forwards to 127.0.0.1, not ${upstream.hostname}`);
    const server = http.createServer(forwardTo(upstream, agent));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[name] = (server.address() as AddressInfo).port;
  }
  process.send!(ports);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
