import http from 'node:http';

/**
 * A lean keep-alive HTTP client for the closed-loop measurements: one agent per target with as
 * many sockets as the run has connections, so "50 connections" means 50 sockets to each server.
 */
export class JsonPoster {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(url: string, connections: number) {
    this.url = new URL(url);
    if (this.url.hostname !== '127.0.0.1' && this.url.hostname !== 'localhost') {
      throw new Error(`the benchmark only talks to 127.0.0.1, not ${this.url.hostname}`);
    }
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** POSTs a JSON body; resolves with the parsed JSON answer, rejects on a non-2xx status. */
  post<T = unknown>(body: string, headers: Record<string, string> = {}): Promise<T> {
    return this.send('POST', this.url.pathname, body, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers });
  }

  /** GETs `search` (e.g. `?query=…`) of the URL, as a browser or a CDN asks. */
  get<T = unknown>(search: string, headers: Record<string, string> = {}): Promise<T> {
    return this.send('GET', `${this.url.pathname}${search}`, undefined, headers);
  }

  private send<T>(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<T> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        { agent: this.agent, host: this.url.hostname, port: this.url.port, path, method, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((response.statusCode ?? 0) >= 300) return reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
            try {
              resolve(JSON.parse(text) as T);
            } catch (error) {
              reject(error);
            }
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A GraphQL answer's data; throws, saying what came instead, when it has errors or no data. */
export function dataOf<T>(answer: { data?: T | null; errors?: unknown[] }, what: string): T {
  if (answer.errors) throw new Error(`${what} answered with errors: ${JSON.stringify(answer.errors).slice(0, 300)}`);
  if (!answer.data) throw new Error(`${what} answered with no data`);
  return answer.data;
}
