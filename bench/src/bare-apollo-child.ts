/**
 * The stack the design fixes, with nothing of ours: Apollo Server (its standalone HTTP server, no
 * Express) with @apollo/gateway on the committed supergraph, no plugin, no limits, no token check,
 * no response shaping of our own. Each subgraph call is signed with the subgraph's gateway proof
 * (the subgraphs refuse any other) and members gets the caller's token, as ours does.
 * `node bare-apollo-child.js '<settings JSON>' '{"members":"http://…",…}'` listens on 127.0.0.1
 * and sends its URL to its parent.
 */
import fs from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GATEWAY_PROOF_HEADER, SUBGRAPHS_READING_IDENTITY, gatewaySecretVariable, signProof, type Env, type SubgraphName } from '@cps/service-kit';

interface Caller {
  authorization?: string;
}

/** Signs every call with the subgraph's proof secret; members (who reads identity) also gets the token. */
class SignedDataSource extends RemoteGraphQLDataSource<Caller> {
  constructor(
    url: string,
    secret: string,
    private readonly readsIdentity: boolean,
  ) {
    super({ url });
    const send = this.fetcher;
    this.fetcher = (target, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      return send(target, { ...init, headers: { ...init?.headers, [GATEWAY_PROOF_HEADER]: signProof(secret, body, init?.headers?.authorization) } });
    };
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Caller>): void {
    if (this.readsIdentity && context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function main(): Promise<void> {
  const env = JSON.parse(process.argv[2] ?? '{}') as Env;
  const urls = JSON.parse(process.argv[3] ?? '{}') as Record<SubgraphName, string>;
  const gateway = new ApolloGateway({
    supergraphSdl: fs.readFileSync(env.SUPERGRAPH_FILE!, 'utf8'),
    buildService: ({ name }) => new SignedDataSource(urls[name as SubgraphName], env[gatewaySecretVariable(name as SubgraphName)]!, SUBGRAPHS_READING_IDENTITY.has(name as SubgraphName)),
  });
  // Nothing leaves the machine: no usage or schema reports, no landing page from a CDN.
  const server = new ApolloServer<Caller>({
    gateway,
    plugins: [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginLandingPageDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  process.send!(url.replace('localhost', '127.0.0.1'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
