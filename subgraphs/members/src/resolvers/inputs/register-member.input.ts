import { Field, InputType } from 'type-graphql';

@InputType()
export class AddressInput {
  @Field() street: string;
  @Field() postalCode: string;
  @Field() city: string;
  @Field({ description: 'ISO 3166-1 alpha-2 of a programme country, e.g. "DE"' }) countryCode: string;
}

@InputType()
export class RegisterMemberInput {
  @Field() name: string;
  @Field() email: string;
  @Field(() => AddressInput) address: AddressInput;
}
