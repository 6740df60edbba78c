import { DateScalar, DateTimeScalar } from '@cps/service-kit';
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
  @Field(() => DateTimeScalar, { description: 'When it was registered: for a pending second-hand registration, when the transfer was asked for' })
  registeredAt: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When a handler confirmed or rejected this second-hand registration' })
  decidedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Handler or admin: who confirmed or rejected it (the staff member their token names, else their role)' })
  decidedBy: string | null;
}
