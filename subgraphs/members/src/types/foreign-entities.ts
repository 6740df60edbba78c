import type { Policy } from '@cps/policy';
import { Tier } from '@cps/service-kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A catalogue product, referred to by id; the catalogue resolves the rest. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Product {
  @Field(() => ID)
  id: string;
}

/**
 * A programme country. Regions owns it; members serves its name and cap too, from the same
 * country rule packs, so a dashboard needs no call to regions (and survives a regions outage).
 */
@ObjectType()
@Directive('@key(fields: "code", resolvable: false)')
export class Country {
  @Field()
  code: string;

  @Field()
  @Directive('@shareable')
  name: string;

  @Field(() => Tier)
  @Directive('@shareable')
  maxTier: Tier;
}

export const productRef = (id: number): Product => ({ id: String(id) });
/** The programme country of that code, or null: it is not (or no longer) in the programme. */
export function programmeCountry(policy: Policy, code: string): Country | null {
  const rule = policy.country(code);
  return rule ? { code: rule.code, name: rule.name, maxTier: rule.maxTier as Tier } : null;
}
