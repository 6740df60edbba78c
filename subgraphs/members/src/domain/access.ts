import { forbidden, namesMember, requireIdentity, unauthenticated, type Identity } from '@cps/service-kit';

/** The signed-in member's own id; staff tokens without a member id cannot act as a member. */
export function signedInMemberId(identity: Identity | null): number {
  const who = requireIdentity(identity);
  if (!namesMember(who.memberId)) throw unauthenticated();
  if (!who.roles.has('member')) throw forbidden('member operations (this token has no member role)');
  return Number(who.memberId);
}

/** A member changes only their own account and items; admins may change anyone's (handlers decide transfers only). */
export function assertMayChangeMember(identity: Identity | null, memberId: number, what = "another member's equipment"): void {
  const who = requireIdentity(identity);
  if (who.roles.has('admin') || (who.memberId === String(memberId) && who.roles.has('member'))) return;
  throw forbidden(what);
}
