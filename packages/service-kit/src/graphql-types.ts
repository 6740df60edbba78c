import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { Tier } from '@cps/policy';
import { registerEnumType } from 'type-graphql';

// The policy's tiers are the GraphQL enum of every subgraph, registered here once.
registerEnumType(Tier, { name: 'Tier', description: 'Membership tiers, lowest first' });

/** What a product is; the catalogue owns it, members serves it too for the items it holds. */
export enum ProductKind {
  BODY = 'BODY',
  LENS = 'LENS',
  PRO_VIDEO = 'PRO_VIDEO',
  OTHER = 'OTHER',
}
registerEnumType(ProductKind, { name: 'ProductKind' });

/** `Date` of the contract: a calendar day `YYYY-MM-DD`, kept as a string (no time-zone drift). */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD',
});

/** `DateTime` of the contract: ISO 8601 with zone. */
export const DateTimeScalar = new GraphQLScalarType({ ...DateTimeResolver.toConfig(), name: 'DateTime' });
