import { Tier } from '@cps/policy';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ProductKind } from '@cps/service-kit';

/**
 * A product of the maker. The catalogue owns what it is (model, kind, serial format); whether it
 * qualifies (tierCap) and is still supported is policy, resolved from the rule packs. Members
 * serves the fields a dashboard reads too (shareable), from its copy of these rows.
 */
@ObjectType()
@Directive('@key(fields: "id")')
@Entity({ name: 'product' })
export class Product {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: 'The exact, full model name' })
  @Directive('@shareable')
  @Column({ type: 'varchar', length: 200, unique: true })
  model: string;

  @Field(() => ProductKind)
  @Directive('@shareable')
  @Column({ type: 'varchar', length: 20 })
  kind: ProductKind;

  @Field({ description: 'ECMAScript regular expression a valid serial of this model matches' })
  @Column({ name: 'serial_pattern', type: 'varchar', length: 200 })
  serialPattern: string;

  @Field({ description: 'Where to find the serial and what it looks like, for people' })
  @Column({ name: 'serial_hint', type: 'varchar', length: 500 })
  serialHint: string;

  @Field(() => Tier, { nullable: true, description: 'Highest tier it counts towards; null = does not qualify' })
  @Directive('@shareable')
  tierCap?: Tier | null;

  @Field({ description: 'false = "not supported by the programme": counts for nothing' })
  @Directive('@shareable')
  supported?: boolean;
}
