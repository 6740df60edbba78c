import { DateScalar } from '@cps/service-kit';
import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class RegisterEquipmentInput {
  @Field(() => ID, { description: 'Chosen from the catalogue first' }) productId: string;
  @Field({ description: "Validated against the product's serial format" }) serialNumber: string;
  @Field(() => DateScalar) purchaseDate: string;
  @Field() purchaseCountryCode: string;
  @Field() dealer: string;
  @Field({ nullable: true, description: 'Purchase date / country / dealer are estimates (default false)' })
  estimated?: boolean;
}

@InputType()
export class CorrectEquipmentInput {
  @Field(() => DateScalar, { nullable: true }) purchaseDate?: string;
  @Field({ nullable: true }) purchaseCountryCode?: string;
  @Field({ nullable: true }) dealer?: string;
  @Field({ nullable: true }) estimated?: boolean;
}
