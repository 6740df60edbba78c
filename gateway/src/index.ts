import fs from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startHttpService, type RunningService, type SubgraphName } from '@cps/service-kit';
import { readGatewayConfig, type GatewayConfig } from './config';
import { gatewayContext, type GatewayContext } from './context';
import { relayInputErrors } from './relay-input-errors';
import { SubgraphDataSource } from './subgraph-data-source';
import { subgraphsReadiness } from './subgraph-health';
import { mountWeb } from './web';
import { routingUrls } from './supergraph-urls';

export { readGatewayConfig, type GatewayConfig };

/** The subgraphs' URLs: the supergraph's routing URLs unless the settings override them. */
export function subgraphUrls(supergraphSdl: string, overrides: GatewayConfig['subgraphUrls']): Record<string, string> {
  const urls = routingUrls(supergraphSdl);
  for (const name of Object.keys(urls)) urls[name] = overrides[name as SubgraphName] ?? urls[name];
  return urls;
}

/** Serves the composed supergraph (schema/supergraph.graphql) over the three subgraphs. */
export async function createGatewayServer(config: GatewayConfig = readGatewayConfig()): Promise<RunningService> {
  const supergraphSdl = fs.readFileSync(config.supergraphFile, 'utf8');
  const urls = subgraphUrls(supergraphSdl, config.subgraphUrls);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => new SubgraphDataSource({ url: urls[name], fetcher: relayInputErrors(fetch as never) }),
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway, introspection: !config.production });
  return startHttpService<GatewayContext>({
    name: 'gateway',
    apollo,
    host: config.host,
    port: config.port,
    context: (req) => gatewayContext(req, config.authSecret),
    readiness: () => subgraphsReadiness(urls),
    routes: mountWeb,
  });
}
