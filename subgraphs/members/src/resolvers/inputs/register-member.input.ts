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
  @Field({ nullable: true, description: "The language of the member's texts and e-mails: one the programme has texts in (ISO 639-1, e.g. \"fr\"); by default the main language of the address's country" })
  language?: string;
}
