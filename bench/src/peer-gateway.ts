/**
 * The peer the benchmark measures our gateway against: Hive Gateway (`@graphql-hive/gateway-runtime`,
 * a bench-only dev dependency) on the committed supergraph, against the same subgraph processes, as
 * its own process. `PEER_PLANNER=rust` (default) plans with `@graphql-hive/router-runtime`, `js`
 * with the runtime's own JavaScript planner. Started by `peer.ts` with the egress guard preloaded.
 *
 * It does what our gateway must do for the subgraphs to answer: verifies the bearer token (the
 * same check, so neither side skips work), passes it to members only (`propagateHeaders`, so Hive's
 * in-flight dedup never merges two callers' requests), and signs every request it sends with that
 * subgraph's gateway proof (`onFetch`, after the dedup: one shared request is one proof, as the
 * nonce ledger wants). No usage reporting, no CDN, no GraphiQL.
 */
import fs from 'node:fs';
import http from 'node:http';
import {
  GATEWAY_PROOF_HEADER,
  identify,
  readGatewaySecrets,
  readTokenRules,
  signProof,
  SUBGRAPHS_READING_IDENTITY,
  SUBGRAPH_NAMES,
  type SubgraphName,
} from '@cps/service-kit';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createGatewayRuntime } = require('@graphql-hive/gateway-runtime') as typeof import('@graphql-hive/gateway-runtime');

const env = process.env;
const port = Number(env.PEER_PORT);
const secrets = readGatewaySecrets(env);
const tokens = readTokenRules(env);
/** Subgraph URL → name: the bench's subgraphs listen on free ports, not the supergraph's. */
const byUrl = new Map<string, SubgraphName>(SUBGRAPH_NAMES.map((name) => [env[`${name.toUpperCase()}_URL`]!, name]));

/** The supergraph as committed, its routing URLs pointed at this run's subgraphs. */
function supergraph(): string {
  const sdl = fs.readFileSync(env.SUPERGRAPH_FILE!, 'utf8');
  return sdl.replace(/@join__graph\(name: "(\w+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = env[`${name.toUpperCase()}_URL`];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : whole;
  });
}

const proofPlugin = {
  /** A bad token is refused before any subgraph is asked, as our gateway does. */
  async onRequest({ request, endResponse }: { request: Request; endResponse: (r: Response) => void }) {
    if (!new URL(request.url).pathname.startsWith('/graphql')) return;
    try {
      await identify(request.headers.get('authorization') ?? undefined, tokens);
    } catch {
      endResponse(new Response(JSON.stringify({ errors: [{ message: 'bad token', extensions: { code: 'UNAUTHENTICATED' } }] }), { status: 401, headers: { 'content-type': 'application/json' } }));
    }
  },
  /** After Hive's own in-flight dedup (whose key has the propagated token): one shared request, one proof. */
  onFetch({ url, options, setOptions }: { url: string; options: { headers?: Record<string, string>; body?: unknown }; setOptions: (o: unknown) => void }) {
    const name = byUrl.get(url);
    if (!name) throw new Error(`the peer gateway was asked to fetch ${url}, which is none of this run's subgraphs`);
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (!SUBGRAPHS_READING_IDENTITY.has(name)) delete headers.authorization;
    const body = typeof options.body === 'string' ? options.body : '';
    headers[GATEWAY_PROOF_HEADER] = signProof(secrets[name], body, headers.authorization);
    setOptions({ ...options, headers });
  },
};

const rust = (env.PEER_PLANNER ?? 'rust') === 'rust';
const gateway = createGatewayRuntime({
  supergraph: supergraph(),
  ...(rust ? { unifiedGraphHandler: require('@graphql-hive/router-runtime').unifiedGraphHandler } : {}),
  logging: 'error',
  landingPage: false,
  maskedErrors: false,
  graphiql: false,
  // The token goes to members only, as a header Hive knows of: its in-flight dedup keys on it.
  propagateHeaders: {
    fromClientToSubgraphs: ({ request, subgraphName }: { request: Request; subgraphName: string }) => {
      const authorization = request.headers.get('authorization');
      return authorization && SUBGRAPHS_READING_IDENTITY.has(subgraphName as SubgraphName) ? { authorization } : {};
    },
  },
  plugins: () => [proofPlugin as never],
});

http.createServer(gateway).listen(port, '127.0.0.1', () => process.stdout.write(`peer gateway (${rust ? 'Rust' : 'JavaScript'} planner) on 127.0.0.1:${port}\n`));
process.on('SIGTERM', () => {
  void Promise.resolve(gateway.dispose()).finally(() => process.exit(0));
});
