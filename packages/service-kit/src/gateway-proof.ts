import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The gateway's proof that a subgraph request came through it (or from a trusted peer subgraph):
 * `x-cps-gateway-proof: t=<ms>,n=<nonce>,sig=<hex>`, an HMAC-SHA256 with the target subgraph's own
 * secret over the time, a one-time nonce, the Authorization header and the exact body. The JWT
 * says who asks; this says the request did not go around the gateway. Subgraphs accept each proof
 * once, within PROOF_WINDOW_MS of its time.
 */
export const GATEWAY_PROOF_HEADER = 'x-cps-gateway-proof';
export const PROOF_WINDOW_MS = 30_000;

const PROOF_FORMAT = /^t=(\d{1,16}),n=([0-9a-f]{32}),sig=([0-9a-f]{64})$/;

function mac(secret: string, time: string, nonce: string, authorization: string, body: string): Buffer {
  // Newlines cannot occur in the first three parts (digits, hex, a header value): unambiguous.
  return createHmac('sha256', secret).update(`${time}\n${nonce}\n${authorization}\n`).update(body).digest();
}

/** The header value proving `body` (sent with `authorization`, if any) to the holder of `secret`. */
export function signProof(secret: string, body: string, authorization = '', now = Date.now()): string {
  const time = String(now);
  const nonce = randomBytes(16).toString('hex');
  return `t=${time},n=${nonce},sig=${mac(secret, time, nonce, authorization.trim(), body).toString('hex')}`;
}

/**
 * For `SubgraphClient`'s `headers` hook: one subgraph calling another signs with the *target's*
 * secret, e.g. `new SubgraphClient('catalogue', url, { headers: proofHeaders(config.gatewaySecrets.catalogue!) })`.
 * The client sends no Authorization header, so none is signed.
 */
export function proofHeaders(secret: string): (body: string) => Record<string, string> {
  if (!secret) throw new Error('proofHeaders: no secret (read it with readServiceConfig: gatewaySecrets.<target>)');
  return (body) => ({ [GATEWAY_PROOF_HEADER]: signProof(secret, body) });
}

export type ProofCheck =
  | { ok: true; nonce?: string; expiresAt?: Date }
  | { ok: false; status: 401 | 403; code: 'GATEWAY_PROOF_REQUIRED' | 'GATEWAY_PROOF_INVALID'; reason: string };

const refused = (status: 401 | 403, reason: string): ProofCheck => ({
  ok: false,
  status,
  code: status === 401 ? 'GATEWAY_PROOF_REQUIRED' : 'GATEWAY_PROOF_INVALID',
  reason,
});

/** Checks proofs for one subgraph; remembers nonces for twice the window so none is used twice. */
export class ProofVerifier {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly secret: string,
    private readonly windowMs = PROOF_WINDOW_MS,
  ) {}

  /** Cheap checks before the body is read: present, well-formed, fresh. */
  precheck(header: string | string[] | undefined, now = Date.now()): ProofCheck {
    if (header === undefined || header === '') return refused(401, 'no gateway proof');
    if (typeof header !== 'string') return refused(403, 'more than one gateway proof');
    const match = PROOF_FORMAT.exec(header);
    if (!match) return refused(403, 'malformed gateway proof');
    if (Math.abs(now - Number(match[1])) > this.windowMs) return refused(403, 'stale gateway proof');
    return { ok: true };
  }

  verify(header: string | string[] | undefined, body: string, authorization: string | undefined, now = Date.now()): ProofCheck {
    const pre = this.precheck(header, now);
    if (!pre.ok) return pre;
    const [, time, nonce, sig] = PROOF_FORMAT.exec(header as string)!;
    const expected = mac(this.secret, time, nonce, (authorization ?? '').trim(), body);
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return refused(403, 'gateway proof does not match');
    this.sweep(now);
    if (this.seen.has(nonce)) return refused(403, 'gateway proof used twice');
    this.seen.set(nonce, now + 2 * this.windowMs);
    // Other instances and a restarted one check it against the subgraph's database (NonceLedger).
    return { ok: true, nonce, expiresAt: new Date(now + 2 * this.windowMs) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [nonce, expires] of this.seen) if (expires < now) this.seen.delete(nonce);
  }
}
