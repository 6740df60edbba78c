import { DateScalar } from '@cps/service-kit';
import { Field, ID, ObjectType } from 'type-graphql';
import { EquipmentStatus } from './enums';
import { Country, Product } from './foreign-entities';

/** A registered item; `owner` is resolved in the resolver. */
@ObjectType()
export class Equipment {
  @Field(() => ID) id: string;
  @Field() serialNumber: string;
  @Field(() => Product) product: Product;
  @Field(() => DateScalar) purchaseDate: string;
  @Field(() => Country, { nullable: true, description: 'null when bought outside the programme countries' })
  purchaseCountry: Country | null;
  @Field({ description: 'ISO code of the country of purchase, also outside the programme' })
  purchaseCountryCode: string;
  @Field() dealer: string;
  @Field({ description: 'Details are estimates: proof of purchase may be asked' }) estimated: boolean;
  @Field({ description: 'Dealer is not an authorised dealer' }) parallelImport: boolean;
  @Field(() => EquipmentStatus) status: EquipmentStatus;
  @Field() countsTowardsTier: boolean;
  @Field(() => String, { nullable: true, description: 'What the member should know, e.g. why a registration is pending' })
  notice: string | null;
  @Field(() => String, { nullable: true, description: "The handler's reason when a transfer was rejected" })
  transferNote: string | null;
}
