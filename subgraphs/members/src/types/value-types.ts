import { Tier } from '@cps/policy';
import { DateScalar, DateTimeScalar } from '@cps/service-kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { CardStatus, RecalculationState, TierMove } from './enums';

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
  @Field(() => RecalculationState) state: RecalculationState;
  @Field({ description: 'The policy in force at 00:00 on that 1 January' }) policyVersion: string;
  @Field(() => DateTimeScalar) startedAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'null while running' }) completedAt: Date | null;
}

@ObjectType({ description: 'What the next 1 January run makes of this member if nothing changes' })
export class TierOutlook {
  @Field(() => DateScalar) on: string;
  @Field(() => Tier, { nullable: true }) tier: Tier | null;
  @Field() videoMember: boolean;
  @Field(() => TierMove) change: TierMove;
  @Field(() => [String], { description: 'Why, in plain words' }) reasons: string[];
}

@ObjectType({ description: 'Something the member should know now' })
export class Notice {
  @Field({ description: 'TIER_FALLS, CARD_OVERDUE, TRANSFER_PENDING, TRANSFER_REJECTED, ESTIMATED_DETAILS' }) code: string;
  @Field() message: string;
  @Field(() => DateTimeScalar) at: Date;
  @Field(() => ID, { nullable: true }) equipmentId: string | null;
}

@ObjectType({ description: 'An erased account: its personal data is gone, its serials are free for the next owner' })
export class DeletedMember {
  @Field(() => ID) id: string;
  @Field(() => DateTimeScalar) deletedAt: Date;
  @Field(() => Int, { description: 'Items that were active or waiting for a transfer and are now released' }) itemsReleased: number;
}

@ObjectType({ description: 'How many members live in a country (for the services\' policy checks; not in the public API)' })
@Directive('@inaccessible')
export class CountryInUse {
  @Field() code: string;
  @Field(() => Int) members: number;
}
