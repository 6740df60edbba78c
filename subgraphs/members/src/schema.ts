import { buildFederatedSchema } from '@cps/service-kit';
import { memberReference } from './references/member.reference';
import { sharedEntityReferences } from './references/shared-entities.reference';
import { EquipmentFieldsResolver } from './resolvers/equipment-fields.resolver';
import { MemberAccountResolver } from './resolvers/member-account.resolver';
import { MemberFieldsResolver } from './resolvers/member-fields.resolver';
import { MemberQueryResolver } from './resolvers/member-query.resolver';
import { MembershipMutationResolver } from './resolvers/membership-mutation.resolver';
import { PolicyAdminResolver } from './resolvers/policy-admin.resolver';
import { ProductFieldsResolver } from './resolvers/product-fields.resolver';
import { ProgrammeQueryResolver } from './resolvers/programme-query.resolver';
import { RecalculationResolver } from './resolvers/recalculation.resolver';

export const buildMembersSchema = () =>
  buildFederatedSchema(
    {
      resolvers: [
        MemberQueryResolver,
        MemberFieldsResolver,
        EquipmentFieldsResolver,
        ProductFieldsResolver,
        MembershipMutationResolver,
        MemberAccountResolver,
        ProgrammeQueryResolver,
        RecalculationResolver,
        PolicyAdminResolver,
      ],
    },
    { ...memberReference, ...sharedEntityReferences },
  );
