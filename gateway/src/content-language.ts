import type { ApolloServerPlugin } from '@apollo/server';
import { CONTENT_LANGUAGE_HEADER, mergeContentLanguages } from '@cps/service-kit';
import type { GatewayContext } from './context';

/**
 * The client learns which language its answer is in: the languages the subgraphs that answered
 * used (each chose from the request's Accept-Language, the member's own language, English), in the
 * order they answered. An answer no subgraph wrote has none.
 */
export const contentLanguagePlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const languages = mergeContentLanguages(contextValue.subgraphLanguages ?? []);
        if (languages.length) response.http.headers.set(CONTENT_LANGUAGE_HEADER, languages.join(', '));
      },
    };
  },
};
