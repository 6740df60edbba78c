import { idOrNull, requestTexts } from '@cps/service-kit';
import type { MembersContext } from '../context';
import { programmeCountry, type Country, type Product } from '../types/foreign-entities';

/** Products and countries members serves beside their owners (the catalogue, regions). */
export const sharedEntityReferences = {
  Product: {
    /** A product members has a copy of; its fields resolve from that copy. */
    async __resolveReference(reference: { id: string }, ctx: MembersContext): Promise<Product | null> {
      const id = idOrNull(reference.id);
      return id !== null && (await ctx.loaders.productById.load(id)) ? { id: reference.id } : null;
    },
  },
  Country: {
    /** A programme country, from the same country rule packs regions serves, named as regions names it (the request's language). */
    __resolveReference(reference: { code: string }, ctx: MembersContext): Country | null {
      return programmeCountry(ctx.policy, reference.code, requestTexts(ctx.policy, ctx.language));
    },
  },
};
