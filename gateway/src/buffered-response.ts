import { STATUS_CODES } from 'node:http';
import type { FetcherResponse } from '@apollo/utils.fetcher';

/**
 * A subgraph's answer with its whole body already read: what @apollo/gateway needs of a fetch
 * response, without a stream. Copies share the body text, so an answer shared by identical
 * in-flight requests (in-flight.ts) is read once.
 */
export class BufferedResponse implements FetcherResponse {
  readonly headers: Headers;
  readonly statusText: string;
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly body: string,
    readonly status: number,
    headers: ConstructorParameters<typeof Headers>[0],
    readonly url = '',
  ) {
    this.headers = new Headers(headers);
    this.statusText = STATUS_CODES[status] ?? '';
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(await this.text());
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.body, this.status, this.headers, this.url);
  }
}
