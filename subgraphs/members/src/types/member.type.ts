import { Tier } from '@cps/policy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Country } from './foreign-entities';
import { Address, Benefit, Card, TierChange, TierGap } from './value-types';

/** A member's account as the contract shows it; `equipment(includeInactive)` is in the resolver. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID) id: string;
  @Field({ description: 'Numeric only' }) number: string;
  @Field() name: string;
  @Field() email: string;
  @Field(() => Address) address: Address;
  @Field(() => Country) country: Country;
  @Field() language: string;
  @Field(() => Tier, { nullable: true, description: 'The tier held now (null below Silver)' }) tier: Tier | null;
  @Field(() => Tier, { nullable: true, description: 'What the registered, counting equipment gives today' })
  qualifyingTier: Tier | null;
  @Field() videoMember: boolean;
  @Field(() => [Benefit], { description: 'Of the held tier (and video membership), from the rules' })
  benefits: Benefit[];
  @Field(() => TierGap, { nullable: true, description: 'What is missing for the next tier; null at the top or where capped' })
  nextTier: TierGap | null;
  @Field(() => Card) card: Card;
  @Field(() => [TierChange]) tierHistory: TierChange[];
}
