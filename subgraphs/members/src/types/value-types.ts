import { Tier } from '@cps/policy';
import { DateScalar, DateTimeScalar } from '@cps/service-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { CardStatus } from './enums';

@ObjectType()
export class Address {
  @Field() street: string;
  @Field() postalCode: string;
  @Field() city: string;
  @Field() countryCode: string;
}

@ObjectType({ description: 'A benefit of the held tier or of video membership, from the rules' })
export class Benefit {
  @Field() code: string;
  @Field() name: string;
  @Field() description: string;
}

@ObjectType({ description: 'What is missing for the next tier' })
export class TierGap {
  @Field(() => Tier) tier: Tier;
  @Field(() => Int) missingBodies: number;
  @Field(() => Int) missingLenses: number;
}

@ObjectType()
export class Card {
  @Field(() => CardStatus) status: CardStatus;
  @Field(() => DateTimeScalar) requestedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true }) sentAt: Date | null;
}

@ObjectType()
export class TierChange {
  @Field(() => Tier, { nullable: true }) from: Tier | null;
  @Field(() => Tier, { nullable: true }) to: Tier | null;
  @Field(() => DateTimeScalar) at: Date;
  @Field() reason: string;
  @Field({ description: 'The version (hash) of the rule files that made this decision' }) policyVersion: string;
}

@ObjectType()
export class RecalculationReport {
  @Field(() => DateScalar) asOf: string;
  @Field(() => Int) membersProcessed: number;
  @Field(() => Int) upgraded: number;
  @Field(() => Int) downgraded: number;
  @Field(() => Int) unchanged: number;
}
