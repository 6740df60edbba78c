import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { buildCatalogueSchema } from '@cps/catalogue';
import { buildMembersSchema } from '@cps/members';
import { buildRegionsSchema } from '@cps/regions';
import { SERVICE_PORTS, subgraphSdl, type SubgraphName } from '@cps/service-kit';
import { parse, type GraphQLSchema } from 'graphql';

const builders: Record<SubgraphName, () => Promise<GraphQLSchema>> = {
  members: buildMembersSchema,
  catalogue: buildCatalogueSchema,
  regions: buildRegionsSchema,
};

/** Where the artefacts live: schema/<name>.graphql per subgraph and schema/supergraph.graphql. */
export const SCHEMA_DIR = path.resolve(__dirname, '..');
export const SUPERGRAPH_FILE = path.join(SCHEMA_DIR, 'supergraph.graphql');

export interface Composition {
  subgraphs: Record<SubgraphName, string>;
  supergraph: string;
}

/** Composes the subgraphs' schemas, as their code defines them now, into the supergraph. */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const [name, build] of Object.entries(builders) as [SubgraphName, () => Promise<GraphQLSchema>][]) {
    subgraphs[name] = subgraphSdl(await build());
  }
  const result = composeServices(
    (Object.keys(subgraphs) as SubgraphName[]).map((name) => ({
      name,
      typeDefs: parse(subgraphs[name]),
      // The default routing URLs of a local start; the gateway overrides them from its settings.
      url: `http://localhost:${SERVICE_PORTS[name]}/graphql`,
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { subgraphs, supergraph: result.supergraphSdl };
}

export function writeComposition(composition: Composition): void {
  for (const [name, sdl] of Object.entries(composition.subgraphs)) {
    fs.writeFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), sdl.trimEnd() + '\n');
  }
  fs.writeFileSync(SUPERGRAPH_FILE, composition.supergraph.trimEnd() + '\n');
}

if (require.main === module) {
  composeSupergraph().then(
    (composition) => {
      writeComposition(composition);
      console.log(`Composed ${Object.keys(composition.subgraphs).join(', ')} into ${path.relative(process.cwd(), SUPERGRAPH_FILE)}`);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
