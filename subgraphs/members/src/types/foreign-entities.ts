import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A catalogue product, referred to by id; the catalogue resolves the rest. */
@ObjectType()
@Directive('@key(fields: "id", resolvable: false)')
export class Product {
  @Field(() => ID)
  id: string;
}

/** A regions country, referred to by ISO code; the regions subgraph resolves the rest. */
@ObjectType()
@Directive('@key(fields: "code", resolvable: false)')
export class Country {
  @Field()
  code: string;
}

export const productRef = (id: number): Product => ({ id: String(id) });
export const countryRef = (code: string): Country => ({ code });
