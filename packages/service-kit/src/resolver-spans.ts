import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { withSpan } from './tracing';

const WRAPPED = Symbol.for('cps.resolverSpan');

/** The entity types an `_entities` call asks for (not the keys: those can be personal). */
function entityTypes(args: { representations?: Array<{ __typename?: unknown }> }): string[] {
  return [...new Set((args.representations ?? []).map((r) => String(r.__typename)))];
}

/**
 * A span around each root field's resolver (`Query.me`, `Mutation.registerEquipment`, and
 * `Query._entities`, through which the gateway resolves every entity field), so the statements a
 * resolver runs are its children. Nested fields get none: a span per list item would cost more
 * than it tells. Changes the schema's resolvers in place; only called when tracing is on.
 */
export function traceRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = (field.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, unknown> & { [WRAPPED]?: true };
      if (resolve[WRAPPED]) continue;
      const name = `${type.name}.${field.name}`;
      const traced: typeof resolve = (source, args, ctx, info) =>
        withSpan(
          name,
          {
            'graphql.field.name': field.name,
            'graphql.field.type': String(field.type),
            ...(info.operation.name ? { 'graphql.operation.name': info.operation.name.value } : {}),
            ...(field.name === '_entities' ? { 'graphql.entities.types': entityTypes(args as never) } : {}),
          },
          () => resolve(source, args, ctx, info),
        );
      traced[WRAPPED] = true;
      field.resolve = traced;
    }
  }
  return schema;
}
