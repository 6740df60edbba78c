import type { SubgraphClient } from '@cps/service-kit';

export interface CatalogueProduct {
  id: string;
  model: string;
  kind: string;
  serialPattern: string;
  serialHint: string;
}

/** The members subgraph never reads the catalogue's tables: it asks the catalogue. */
export interface ProductCatalogue {
  product(id: string, requestId?: string): Promise<CatalogueProduct | null>;
  /** Every product, with what members keeps a copy of. */
  products(): Promise<Array<Pick<CatalogueProduct, 'id' | 'model' | 'kind'>>>;
}

export const catalogueOver = (client: SubgraphClient): ProductCatalogue => ({
  async product(id, requestId) {
    const data = await client.query<{ product: CatalogueProduct | null }>(
      'query Product($id: ID!) { product(id: $id) { id model kind serialPattern serialHint } }',
      { id },
      requestId,
    );
    return data.product;
  },
  async products() {
    const data = await client.query<{ products: Array<Pick<CatalogueProduct, 'id' | 'model' | 'kind'>> }>(
      'query CatalogueProducts { products { id model kind } }',
      {},
    );
    return data.products;
  },
});
