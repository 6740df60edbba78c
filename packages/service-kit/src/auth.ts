import type { TextKey, TextParams } from '@cps/policy';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { domainError, forbidden, unauthenticated } from './errors';

export type Role = 'member' | 'handler' | 'admin';
const ROLES: readonly Role[] = ['member', 'handler', 'admin'];

/** Who is asking: the verified claims of the bearer token. */
export interface Identity {
  memberId: string | null;
  roles: ReadonlySet<Role>;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** How bearer tokens are checked: the signing secret, and how long a token may live at most. */
export interface TokenRules {
  secret: string;
  /** The longest a token may still live (`exp` minus now), and may have been made to live (`exp` minus `iat`). */
  maxLifetimeSeconds: number;
}

/** A token header longer than this is refused before it is parsed (a real one is a few hundred bytes). */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * No header: anonymous (null). A bad, expired, everlasting (no `exp`) or too long-lived token is an
 * error, never silently anonymous. Roles other than member, handler and admin are dropped.
 */
export async function identify(authorization: string | undefined, rules: TokenRules): Promise<Identity | null> {
  if (!authorization) return null;
  if (authorization.length > MAX_TOKEN_LENGTH) throw invalidToken(`it is longer than ${MAX_TOKEN_LENGTH} characters`, 'error.tokenTooLong', { max: MAX_TOKEN_LENGTH });
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw invalidToken('the Authorization header must be "Bearer <token>"', 'error.tokenHeader');
  const payload = await verifiedClaims(match[1], rules);
  const now = Math.floor(Date.now() / 1000);
  // `iat` is the token's own claim: a made-up one in the future must not stretch the limit.
  if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS) throw invalidToken('it was issued in the future ("iat")', 'error.tokenFromTheFuture');
  const lifetime = Math.max(payload.exp! - now, payload.exp! - (payload.iat ?? now));
  if (lifetime > rules.maxLifetimeSeconds) {
    const hours = { lifetime: hoursOf(lifetime), max: hoursOf(rules.maxLifetimeSeconds) };
    throw invalidToken(`it lives ${hours.lifetime} h, longer than the ${hours.max} h a token may (TOKEN_MAX_LIFETIME_HOURS)`, 'error.tokenLivesTooLong', hours);
  }
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role => ROLES.includes(r as Role));
  return { memberId: typeof payload.sub === 'string' ? payload.sub : null, roles: new Set(roles) };
}

/**
 * Tokens this process has seen signed with the rules' secret, with their claims: a client sends
 * the same token with every request, and checking its signature was about 5% of the gateway's
 * time per request (npm run bench). Only the signature is remembered; whether the token is still
 * within its times is checked on every use. The oldest entry goes first once it is full.
 */
class VerifiedTokens {
  private readonly claims = new Map<string, JWTPayload>();

  constructor(private readonly capacity: number) {}

  /** The claims of a token verified before and still within its `exp` and `nbf`. */
  get(token: string, now: number): JWTPayload | undefined {
    const payload = this.claims.get(token);
    if (payload && (payload.exp! <= now || (payload.nbf !== undefined && payload.nbf > now))) {
      this.claims.delete(token); // verified again, so the client hears why it is refused
      return undefined;
    }
    return payload;
  }

  remember(token: string, payload: JWTPayload): void {
    if (this.claims.size >= this.capacity) this.claims.delete(this.claims.keys().next().value!);
    this.claims.set(token, payload);
  }
}

/** How many verified tokens a process remembers for each signing secret (real tokens are a few hundred bytes: a few MB; 40 MB if all were the longest allowed). */
const VERIFIED_TOKENS_KEPT = 10_000;
const verifiedTokens = new Map<string, VerifiedTokens>();

async function verifiedClaims(token: string, rules: TokenRules): Promise<JWTPayload> {
  let cache = verifiedTokens.get(rules.secret);
  if (!cache) verifiedTokens.set(rules.secret, (cache = new VerifiedTokens(VERIFIED_TOKENS_KEPT)));
  const known = cache.get(token, Math.floor(Date.now() / 1000));
  if (known) return known;
  try {
    const { payload } = await jwtVerify(token, key(rules.secret), { algorithms: ['HS256'], requiredClaims: ['exp'] });
    cache.remember(token, payload);
    return payload;
  } catch (error) {
    throw invalidToken((error as Error).message, joseReason(error as JoseError));
  }
}

/** Clocks of the token's issuer and ours may differ this much. */
const CLOCK_SKEW_SECONDS = 60;

const hoursOf = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

type JoseError = Error & { code?: string; claim?: string };

/** Why jose refused a token, as a text of the policy (its own message stays the English one). */
function joseReason(error: JoseError): TextKey {
  if (error.code === 'ERR_JWT_EXPIRED') return 'error.tokenExpired';
  if (error.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'error.tokenSignature';
  if (error.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && error.claim === 'exp') return 'error.tokenWithoutExpiry';
  if (error.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && error.claim === 'nbf') return 'error.tokenNotYetValid';
  return 'error.tokenMalformed';
}

/** 401 UNAUTHENTICATED saying why; the gateway writes it in the request's language (`reason` is the text within). */
function invalidToken(reason: string, why: TextKey, params?: TextParams) {
  const error = domainError('UNAUTHENTICATED', `The bearer token is not valid: ${reason}.`, undefined, { key: 'error.tokenInvalid', params: { reason: { text: why, ...(params ? { params } : {}) } } });
  (error.extensions as Record<string, unknown>).http = { status: 401 };
  return error;
}

export async function signToken(
  secret: string,
  claims: { sub?: string; roles: Role[] },
  expiresIn = '12h',
): Promise<string> {
  const jwt = new SignJWT({ roles: claims.roles }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.sub) jwt.setSubject(claims.sub);
  return jwt.setExpirationTime(expiresIn).sign(key(secret));
}

/** Who asks, with a role: a token naming no role the programme knows reads and changes nothing. */
export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
  if (identity.roles.size === 0) throw forbidden('member data (this token has no role: member, handler or admin)');
  return identity;
}

export const isStaff = (identity: Identity) => identity.roles.has('handler') || identity.roles.has('admin');

/** A member sees only their own data; handlers and admins see every member. */
export function assertMayReadMember(identity: Identity | null, memberId: string): void {
  const who = requireIdentity(identity);
  if (isStaff(who) || who.memberId === memberId) return;
  throw forbidden("another member's data");
}

export function assertRole(identity: Identity | null, role: Exclude<Role, 'member'>): Identity {
  const who = requireIdentity(identity);
  // Admins may do everything a handler may.
  if (who.roles.has(role) || who.roles.has('admin')) return who;
  throw forbidden(`this operation (it needs the ${role} role)`);
}
