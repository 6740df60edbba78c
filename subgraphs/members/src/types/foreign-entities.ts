import { type Policy, type Texts, Tier } from '@cps/policy';
import { ProductKind } from '@cps/service-kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A catalogue product. The catalogue owns it; members serves what a dashboard reads of it too
 * (from its copy of the catalogue and the same policy), so a dashboard is one fetch and survives
 * a catalogue outage. The serial format and hint come from the catalogue only.
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Product {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The exact, full model name' })
  @Directive('@shareable')
  model?: string;

  @Field(() => ProductKind)
  @Directive('@shareable')
  kind?: ProductKind;

  @Field(() => Tier, { nullable: true, description: 'Highest tier it counts towards; null = does not qualify' })
  @Directive('@shareable')
  tierCap?: Tier | null;

  @Field({ description: 'false = "not supported by the programme": counts for nothing' })
  @Directive('@shareable')
  supported?: boolean;
}

/**
 * A programme country. Regions owns it; members serves its name and cap too, from the same
 * country rule packs, so a dashboard needs no call to regions (and survives a regions outage).
 */
@ObjectType()
@Directive('@key(fields: "code")')
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
/** The programme country of that code, named in `texts`' language, or null: it is not (or no longer) in the programme. */
export function programmeCountry(policy: Policy, code: string, texts: Texts): Country | null {
  const rule = policy.country(code);
  return rule ? { code: rule.code, name: texts.words({ country: rule.code }), maxTier: rule.maxTier } : null;
}
