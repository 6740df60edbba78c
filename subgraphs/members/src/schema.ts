import { buildFederatedSchema } from '@cps/service-kit';
import { memberReference } from './references/member.reference';
import { EquipmentFieldsResolver } from './resolvers/equipment-fields.resolver';
import { MemberFieldsResolver } from './resolvers/member-fields.resolver';
import { MemberQueryResolver } from './resolvers/member-query.resolver';

export const buildMembersSchema = () =>
  buildFederatedSchema(
    { resolvers: [MemberQueryResolver, MemberFieldsResolver, EquipmentFieldsResolver] },
    memberReference,
  );
