import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ERROR_TEXT_EXTENSION, type ErrorText } from '@cps/service-kit';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * The limits a hardened (production) gateway puts on every operation, well above what the
 * frontend's requests need (the dashboard: depth 4, no aliases, ~90 tokens, cost ~100).
 */
export const LIMITS = {
  /** Nested selections, e.g. me { equipment { product { model } } } is 4. */
  maxDepth: 8,
  maxAliases: 15,
  maxDirectives: 20,
  /** GraphQL Armor's cost: every field costs, more the deeper it is. */
  maxCost: 5000,
  /** Lexical tokens of the document; also on without hardening (a deep document can exhaust the parser's stack). */
  maxTokens: 1000,
  maxTokensDevelopment: 2000,
} as const;

/**
 * An operation of a kind the schema has no root type for (a `subscription`, or a `mutation` while
 * there are none) is a client error. graphql-js leaves it to execution, where the gateway's query
 * planner fails with a 500.
 */
export const KnownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const schema = context.getSchema();
    const root =
      node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : undefined;
    if (!root) {
      const text: ErrorText = { key: 'error.noSuchOperationType', params: { operation: node.operation } };
      context.reportError(new GraphQLError(`This API has no ${node.operation} operations.`, { nodes: node, extensions: { [ERROR_TEXT_EXTENSION]: text } }));
    }
  },
});

/**
 * A document with several operations and no `operationName`, or a name it does not have, is the
 * client's mistake: 400 BAD_REQUEST saying which, before the gateway's executor (which would
 * answer 500 with a stack trace).
 */
export const operationMustResolve: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, document }) {
        if (operation) return;
        const names = document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' && d.name ? [d.name.value] : []));
        const quoted = names.map((n) => `"${n}"`).join(', ');
        const [message, text]: [string, ErrorText] = request.operationName
          ? [
              `This document has no operation named "${request.operationName}" (it has ${quoted || 'none with a name'}).`,
              { key: 'error.noSuchOperation', params: { name: request.operationName, names: quoted || { text: 'error.noOperationNames' } } },
            ]
          : [`This document has several operations (${names.join(', ')}): say which one in "operationName".`, { key: 'error.whichOperation', params: { names: names.join(', ') } }];
        throw new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', field: 'operationName', http: { status: 400 }, [ERROR_TEXT_EXTENSION]: text } });
      },
    };
  },
};

type Hardening = Pick<
  ApolloServerOptions<BaseContext>,
  | 'introspection'
  | 'allowBatchedHttpRequests'
  | 'csrfPrevention'
  | 'parseOptions'
  | 'validationRules'
  | 'includeStacktraceInErrorResponses'
  | 'hideSchemaDetailsFromClientErrors'
  | 'persistedQueries'
> & { plugins: NonNullable<ApolloServerOptions<BaseContext>['plugins']> };

/**
 * Apollo Server options for the gateway. Always: CSRF prevention, no batched operations, a token
 * limit, only operation types the schema has. Hardened: no introspection, no
 * stack traces, no field suggestions, no automatic persisted queries, and GraphQL Armor's depth,
 * alias, directive and cost limits.
 */
export function gatewayHardening(hardening: boolean): Hardening {
  const always = {
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
  } as const;
  if (!hardening) {
    return { ...always, parseOptions: { maxTokens: LIMITS.maxTokensDevelopment }, validationRules: [KnownOperationTypes], plugins: [operationMustResolve] };
  }
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { maxCost: LIMITS.maxCost },
    // Done by Apollo itself below: graphql-js's own token limit and hideSchemaDetailsFromClientErrors.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    ...always,
    introspection: false,
    // Automatic persisted queries would let anyone fill the gateway's cache; the frontend sends full queries.
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    validationRules: [KnownOperationTypes, ...armor.validationRules],
    plugins: [operationMustResolve, ...armor.plugins],
  };
}
