import type { MembersContext } from '../context';
import type { MemberRecord } from '../entities/member.entity';
import { loadVisibleMember } from '../domain/member-visibility';

export const memberReference = {
  Member: {
    __resolveReference(reference: { id: string }, ctx: MembersContext): Promise<MemberRecord | null> {
      return loadVisibleMember(ctx, reference.id);
    },
  },
};
