// The gateway proof: an HMAC over time, nonce, Authorization and body that a subgraph accepts once, while fresh.
import { describe, expect, it } from 'vitest';
import { GATEWAY_PROOF_HEADER, PROOF_WINDOW_MS, ProofVerifier, proofHeaders, signProof } from '../gateway-proof';

const SECRET = 'members-gateway-secret-of-at-least-32-characters';
const OTHER_SECRET = 'catalogue-gateway-secret-of-at-least-32-chars';
const BODY = JSON.stringify({ query: '{ me { id } }' });
const AUTH = 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature';
const NOW = 1_750_000_000_000;

const refusal = (code: string, status: number, reason: string) => ({ ok: false, code, status, reason });

describe('a fresh proof', () => {
  it('a proof for the exact body and Authorization header is accepted once', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    // Accepted, with the nonce to keep in the subgraph's database until the proof is stale anyway.
    expect(verifier.verify(proof, BODY, AUTH, NOW + 10)).toEqual({ ok: true, nonce: /n=([0-9a-f]{32})/.exec(proof)![1], expiresAt: new Date(NOW + 10 + 60_000) });
  });

  it('the same proof a second time is refused as used twice', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, BODY, AUTH, NOW).ok).toBe(true);
    expect(verifier.verify(proof, BODY, AUTH, NOW + 1000)).toEqual(refusal('GATEWAY_PROOF_INVALID', 403, 'gateway proof used twice'));
  });

  it('a replay is still refused after the verifier has swept old nonces, until the proof is stale', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, BODY, AUTH, NOW - PROOF_WINDOW_MS).ok).toBe(true);
    // Another request long enough after the first one triggers a sweep of the remembered nonces.
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW + PROOF_WINDOW_MS), BODY, AUTH, NOW + PROOF_WINDOW_MS).ok).toBe(true);
    expect(verifier.verify(proof, BODY, AUTH, NOW + PROOF_WINDOW_MS)).toEqual(refusal('GATEWAY_PROOF_INVALID', 403, 'gateway proof used twice'));
  });

  it('two proofs of the same body and token are different and each is accepted', () => {
    const verifier = new ProofVerifier(SECRET);
    const first = signProof(SECRET, BODY, AUTH, NOW);
    const second = signProof(SECRET, BODY, AUTH, NOW);
    expect(first).not.toBe(second);
    expect(verifier.verify(first, BODY, AUTH, NOW).ok).toBe(true);
    expect(verifier.verify(second, BODY, AUTH, NOW).ok).toBe(true);
  });

  it('the proof has the documented shape t=<ms>,n=<nonce>,sig=<hex>', () => {
    expect(signProof(SECRET, BODY, AUTH, NOW)).toMatch(new RegExp(`^t=${NOW},n=[0-9a-f]{32},sig=[0-9a-f]{64}$`));
  });

  it('surrounding spaces of the Authorization header do not matter', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(SECRET, BODY, `  ${AUTH} `, NOW), BODY, AUTH, NOW).ok).toBe(true);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW), BODY, ` ${AUTH}  `, NOW).ok).toBe(true);
  });

  it('a request without Authorization verifies against a proof signed without one', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(SECRET, BODY, undefined, NOW), BODY, undefined, NOW).ok).toBe(true);
    expect(verifier.verify(signProof(SECRET, BODY, '', NOW), BODY, '', NOW).ok).toBe(true);
  });
});

describe('a proof that does not fit the request', () => {
  const mismatch = refusal('GATEWAY_PROOF_INVALID', 403, 'gateway proof does not match');

  it('another body is refused', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, JSON.stringify({ query: '{ members { email } }' }), AUTH, NOW)).toEqual(mismatch);
    expect(verifier.verify(proof, `${BODY} `, AUTH, NOW)).toEqual(mismatch);
  });

  it('another token is refused, and so is dropping the token', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, BODY, 'Bearer someone-else', NOW)).toEqual(mismatch);
    expect(verifier.verify(proof, BODY, undefined, NOW)).toEqual(mismatch);
  });

  it('a proof made with another secret is refused', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(OTHER_SECRET, BODY, AUTH, NOW), BODY, AUTH, NOW)).toEqual(mismatch);
  });

  it('a refused forgery does not use up the nonce of the genuine proof', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, '{"query":"{ evil }"}', AUTH, NOW).ok).toBe(false);
    expect(verifier.verify(proof, BODY, AUTH, NOW).ok).toBe(true);
  });

  it('a changed time in a genuine proof is refused', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    const moved = proof.replace(`t=${NOW}`, `t=${NOW + 1}`);
    expect(verifier.verify(moved, BODY, AUTH, NOW)).toEqual(mismatch);
  });
});

describe('freshness', () => {
  const stale = refusal('GATEWAY_PROOF_INVALID', 403, 'stale gateway proof');

  it('a proof older than the window is refused', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    expect(verifier.verify(proof, BODY, AUTH, NOW + PROOF_WINDOW_MS + 1)).toEqual(stale);
    expect(verifier.precheck(proof, NOW + PROOF_WINDOW_MS + 1)).toEqual(stale);
  });

  it('a proof dated further ahead than the window is refused', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW + PROOF_WINDOW_MS + 1), BODY, AUTH, NOW)).toEqual(stale);
  });

  it('a proof at the edge of the window is still accepted', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW), BODY, AUTH, NOW + PROOF_WINDOW_MS).ok).toBe(true);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW), BODY, AUTH, NOW - PROOF_WINDOW_MS).ok).toBe(true);
  });

  it('the window can be narrowed per verifier', () => {
    const verifier = new ProofVerifier(SECRET, 1000);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW), BODY, AUTH, NOW + 1001)).toEqual(stale);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH, NOW), BODY, AUTH, NOW + 1000).ok).toBe(true);
  });

  it('without a time given, a proof signed just now is fresh', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(signProof(SECRET, BODY, AUTH), BODY, AUTH).ok).toBe(true);
  });
});

describe('absent and malformed headers', () => {
  it('a missing header is 401 GATEWAY_PROOF_REQUIRED', () => {
    const verifier = new ProofVerifier(SECRET);
    const required = refusal('GATEWAY_PROOF_REQUIRED', 401, 'no gateway proof');
    expect(verifier.precheck(undefined, NOW)).toEqual(required);
    expect(verifier.verify(undefined, BODY, AUTH, NOW)).toEqual(required);
    expect(verifier.verify('', BODY, AUTH, NOW)).toEqual(required);
  });

  it.each([
    ['garbage', 'not-a-proof'],
    ['a short nonce', `t=${NOW},n=abc,sig=${'0'.repeat(64)}`],
    ['an upper-case signature', `t=${NOW},n=${'a'.repeat(32)},sig=${'A'.repeat(64)}`],
    ['a short signature', `t=${NOW},n=${'a'.repeat(32)},sig=${'0'.repeat(63)}`],
    ['a negative time', `t=-${NOW},n=${'a'.repeat(32)},sig=${'0'.repeat(64)}`],
    ['trailing text', `t=${NOW},n=${'a'.repeat(32)},sig=${'0'.repeat(64)},x=1`],
  ])('a malformed header (%s) is 403 GATEWAY_PROOF_INVALID', (_what, header) => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(header, BODY, AUTH, NOW)).toEqual(refusal('GATEWAY_PROOF_INVALID', 403, 'malformed gateway proof'));
  });

  it('a well-formed header with a made-up signature is refused as not matching', () => {
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(`t=${NOW},n=${'a'.repeat(32)},sig=${'0'.repeat(64)}`, BODY, AUTH, NOW)).toEqual(
      refusal('GATEWAY_PROOF_INVALID', 403, 'gateway proof does not match'),
    );
  });

  it('a header sent twice (an array) is 403, even when both copies are genuine', () => {
    const verifier = new ProofVerifier(SECRET);
    const proof = signProof(SECRET, BODY, AUTH, NOW);
    const twice = refusal('GATEWAY_PROOF_INVALID', 403, 'more than one gateway proof');
    expect(verifier.precheck([proof, proof], NOW)).toEqual(twice);
    expect(verifier.verify([proof], BODY, AUTH, NOW)).toEqual(twice);
    // ... and the refused array did not use the proof up.
    expect(verifier.verify(proof, BODY, AUTH, NOW).ok).toBe(true);
  });
});

describe('proofHeaders, for one subgraph calling another', () => {
  it('signs each body with the target secret under the proof header, without Authorization', () => {
    const headers = proofHeaders(SECRET)(BODY);
    expect(Object.keys(headers)).toEqual([GATEWAY_PROOF_HEADER]);
    const verifier = new ProofVerifier(SECRET);
    expect(verifier.verify(headers[GATEWAY_PROOF_HEADER], BODY, undefined).ok).toBe(true);
    expect(new ProofVerifier(OTHER_SECRET).verify(proofHeaders(SECRET)(BODY)[GATEWAY_PROOF_HEADER], BODY, undefined).ok).toBe(false);
  });

  it('each call gets a new proof, so repeated calls with the same body are all accepted', () => {
    const sign = proofHeaders(SECRET);
    const verifier = new ProofVerifier(SECRET);
    for (let i = 0; i < 3; i++) expect(verifier.verify(sign(BODY)[GATEWAY_PROOF_HEADER], BODY, undefined).ok).toBe(true);
  });

  it('refuses to be made without a secret', () => {
    expect(() => proofHeaders('')).toThrow(/no secret/);
  });
});
