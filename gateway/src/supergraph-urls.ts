import { Kind, parse, type ConstArgumentNode } from 'graphql';

/** The subgraphs' names and routing URLs, read from the supergraph's `join__Graph` enum. */
export function routingUrls(supergraphSdl: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const arg = (name: string) => graph?.arguments?.find((a: ConstArgumentNode) => a.name.value === name)?.value;
      const name = arg('name');
      const url = arg('url');
      if (name?.kind === Kind.STRING && url?.kind === Kind.STRING) urls[name.value] = url.value;
    }
  }
  return urls;
}
