import { Tier } from '@cps/policy';
import { Directive, Field, ObjectType } from 'type-graphql';

/** A programme country; its list and caps come from the country rule packs in rules/countries. */
@ObjectType({ description: 'A country of the European programme' })
@Directive('@key(fields: "code")')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. "DE"' })
  code: string;

  // Shared with members, which serves the same fields from the same country rule packs.
  @Field()
  @Directive('@shareable')
  name: string;

  @Field(() => Tier, { description: 'SILVER = Silver-only country' })
  @Directive('@shareable')
  maxTier: Tier;
}
