import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** One pinned Federation version for all subgraphs, importing only what they use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@inaccessible"])';

export type ReferenceResolvers = GraphQLResolverMap<unknown>;

/**
 * type-graphql classes -> a federated subgraph schema: print the type-graphql schema with its
 * directives, prepend the federation @link, and let @apollo/subgraph add `_entities`/`_service`.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as ReferenceResolvers;
  for (const [typeName, extra] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(extra as object) } as never;
  }
  return buildSubgraphSchema({ typeDefs, resolvers });
}

/** The SDL the composition step reads (with federation directives). */
export const subgraphSdl = (schema: GraphQLSchema): string => printSubgraphSchema(schema);
