import { assertMayReadMember, idOrNull, requireIdentity } from '@cps/service-kit';
import type { MembersContext } from '../context';
import type { MemberRecord } from '../entities/member.entity';

/** Loads a member the caller may see: self, handler or admin. An id as the API gives it (a string). */
export async function loadVisibleMember(ctx: MembersContext, id: number | string | null): Promise<MemberRecord | null> {
  requireIdentity(ctx.identity);
  const numeric = typeof id === 'number' ? id : idOrNull(id);
  if (numeric === null) return null;
  assertMayReadMember(ctx.identity, String(numeric));
  return ctx.loaders.memberById.load(numeric);
}
