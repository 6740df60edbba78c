import type { SubgraphClient } from '@cps/service-kit';

/** Authorised dealers are the regions subgraph's data. */
export interface DealerRegister {
  isAuthorisedDealer(countryCode: string, dealer: string, requestId?: string): Promise<boolean>;
}

export const dealersOver = (client: SubgraphClient): DealerRegister => ({
  async isAuthorisedDealer(countryCode, dealer, requestId) {
    const data = await client.query<{ isAuthorisedDealer: boolean }>(
      'query Dealer($countryCode: String!, $dealer: String!) { isAuthorisedDealer(countryCode: $countryCode, dealer: $dealer) }',
      { countryCode, dealer },
      requestId,
    );
    return data.isAuthorisedDealer;
  },
});
