import { Tier } from '@cps/policy';
import { Directive, Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The team that validates second-hand registrations of members living in a country' })
export class HandlerTeam {
  @Field() name: string;
  @Field() email: string;
}

@ObjectType({ description: "A country's local service point" })
export class ServicePoint {
  @Field() name: string;
  @Field() address: string;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType({ description: 'A dealer authorised in a country, with the other ways members write its name' })
export class AuthorisedDealer {
  @Field() name: string;
  @Field(() => [String]) spellings: string[];
}

/** A programme country, from its country file in rules/countries. */
@ObjectType({ description: 'A country of the European programme' })
@Directive('@key(fields: "code")')
export class Country {
  @Field({ description: 'ISO 3166-1 alpha-2, e.g. "DE"' })
  code: string;

  // Shared with members, which serves the same fields from the same country files.
  @Field()
  @Directive('@shareable')
  name: string;

  @Field(() => Tier, { description: 'SILVER = Silver-only country' })
  @Directive('@shareable')
  maxTier: Tier;

  @Field({ description: 'The main language (ISO 639-1), e.g. "de"' })
  language: string;

  @Field(() => HandlerTeam)
  handlerTeam: HandlerTeam;

  @Field({ description: 'Whether on-site support is offered here (the ON_SITE_SUPPORT benefit only where it is)' })
  onSiteSupport: boolean;

  @Field(() => ServicePoint)
  servicePoint: ServicePoint;

  @Field(() => [AuthorisedDealer], { description: 'Items from other dealers are flagged as parallel imports' })
  authorisedDealers: AuthorisedDealer[];

  @Field({ description: 'Closed by the programme: no new members; those living there qualify for no tier from the next 1 January' })
  closed: boolean;
}
