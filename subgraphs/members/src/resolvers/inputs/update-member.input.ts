import { Field, InputType } from 'type-graphql';
import { AddressInput } from './register-member.input';

@InputType({ description: 'Only what is given changes; each part is checked as at sign-up' })
export class UpdateMemberInput {
  @Field({ nullable: true }) name?: string;
  @Field({ nullable: true }) email?: string;
  @Field(() => AddressInput, { nullable: true, description: 'The whole new address; a move to another programme country applies its cap' })
  address?: AddressInput;
  @Field({ nullable: true, description: "The language of the member's texts and e-mails: one the programme has texts in (ISO 639-1, e.g. \"de\")" })
  language?: string;
}
