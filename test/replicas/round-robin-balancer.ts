/**
 * A test-only HTTP balancer on 127.0.0.1: each request goes to the next instance in turn, as a
 * round-robin load balancer does. A refused connection (an instance that is down) passes the
 * request to the next instance — the request never reached anyone, so that is safe even for a
 * mutation; anything else (a reset mid-answer) is a 502 to the caller, as a real balancer would
 * answer. Production uses whatever balancer the operator runs (see the README).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** How many requests each instance was given. */
  served: number[];
  close(): Promise<void>;
}

export async function roundRobinBalancer(ports: number[], path = '/graphql'): Promise<Balancer> {
  const served = ports.map(() => 0);
  let next = 0;
  // A new connection per request: a kept-alive socket to an instance that was killed and started
  // again is dead, and its reset would reach the caller as an error a real balancer retries.
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((request, response) => {
    // A caller or an instance that goes away mid-answer (the test kills instances) ends that one
    // exchange, never the balancer.
    request.on('error', () => response.destroy());
    response.on('error', () => undefined);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => forward(Buffer.concat(chunks), ports.length));
    const forward = (body: Buffer, triesLeft: number) => {
      const index = next++ % ports.length;
      const upstream = http.request(
        { host: '127.0.0.1', port: ports[index], method: request.method, path: request.url, headers: { ...request.headers, host: `127.0.0.1:${ports[index]}` }, agent },
        (answer) => {
          served[index]++;
          answer.on('error', () => response.destroy());
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' && triesLeft > 1) return forward(body, triesLeft - 1);
        if (!response.headersSent) response.writeHead(502, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [{ message: `balancer: ${error.code ?? error.message}`, extensions: { code: 'BAD_GATEWAY' } }] }));
      });
      upstream.end(body);
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
