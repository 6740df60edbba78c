import { jwtVerify, SignJWT } from 'jose';
import { domainError, forbidden, unauthenticated } from './errors';

export type Role = 'member' | 'handler' | 'admin';
const ROLES: readonly Role[] = ['member', 'handler', 'admin'];

/** Who is asking: the verified claims of the bearer token. */
export interface Identity {
  memberId: string | null;
  roles: ReadonlySet<Role>;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** No header: anonymous (null). A bad or expired token is an error, never silently anonymous. */
export async function identify(authorization: string | undefined, secret: string): Promise<Identity | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw invalidToken('the Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1], key(secret), { algorithms: ['HS256'] });
    const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role =>
      ROLES.includes(r as Role),
    );
    return { memberId: typeof payload.sub === 'string' ? payload.sub : null, roles: new Set(roles) };
  } catch (error) {
    throw invalidToken((error as Error).message);
  }
}

function invalidToken(reason: string) {
  const error = domainError('UNAUTHENTICATED', `The bearer token is not valid: ${reason}.`);
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

export function requireIdentity(identity: Identity | null): Identity {
  if (!identity) throw unauthenticated();
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
