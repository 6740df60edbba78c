import {
  readAuthSecret,
  pinClock,
  readPort,
  SERVICE_NAMES,
  SERVICE_PORTS,
  signToken,
  stopChildren,
  subgraphUrlsEnv,
  SUBGRAPH_NAMES,
  type ServiceName,
  type SubgraphName,
} from '@cps/service-kit';
import { Supervised } from './supervised';

/**
 * `npm start`: the three subgraphs and the gateway as four supervised processes, each on its own
 * port and database. A service that dies is started again (with backoff); Ctrl-C stops them all.
 * Prints where the gateway is and a query to try.
 */
const portOf = (name: ServiceName) => readPort(process.env, `${name.toUpperCase()}_PORT`, SERVICE_PORTS[name]);

async function main(): Promise<void> {
  // Every service finds its peers where this launcher put them, whatever ports were chosen
  // (an explicit MEMBERS_URL, … still wins).
  const peerUrls = subgraphUrlsEnv(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, portOf(name)])) as Record<SubgraphName, number>);
  // With CPS_CLOCK, every service (and every restart of one) keeps the same time.
  const env = pinClock({ ...peerUrls, ...process.env });
  const supervised = new Map<ServiceName, Supervised>(
    SERVICE_NAMES.map((name) => [name, new Supervised({ name, env, port: portOf(name), stdio: 'inherit' })]),
  );
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const service of supervised.values()) service.stopSupervising();
    await stopChildren([...supervised.values()].flatMap((service) => service.child ?? []));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    await Promise.all(SUBGRAPH_NAMES.map((name) => supervised.get(name)!.start()));
    await supervised.get('gateway')!.start();
  } catch (error) {
    console.error(`Could not start: ${(error as Error).message}`);
    return stopAll(1);
  }
  for (const service of supervised.values()) service.superviseFromNowOn();
  await printBanner();
}

async function printBanner(): Promise<void> {
  const gatewayUrl = `http://localhost:${portOf('gateway')}/graphql`;
  // A token signed with a production secret never goes to stdout (where logs are collected).
  const production = process.env.NODE_ENV === 'production';
  const token = production ? '<a member token: npm run token -- --member 1, outside production>' : await signToken(readAuthSecret(process.env), { sub: '1', roles: ['member'] });
  console.log(`
  CPS membership graph is up.
    web pages  http://localhost:${portOf('gateway')}/   (member, handler and policy owner views)
    gateway    ${gatewayUrl}   (health: http://localhost:${portOf('gateway')}/health/ready)
    subgraphs  members :${portOf('members')}, catalogue :${portOf('catalogue')}, regions :${portOf('regions')} on 127.0.0.1
               (behind the gateway: a direct request without the gateway's proof is refused)
    A service that stops unexpectedly is started again.

  Try (no sign-in needed):
    curl -s ${gatewayUrl} -H 'content-type: application/json' \\
      -d '{"query":"{ countries { code name maxTier } productByModel(model: \\"EOS 5D Mark IV\\") { model kind tierCap supported } }"}'

  The demo member Anna Schmidt's dashboard (a development token; make others with npm run token):
    curl -s ${gatewayUrl} -H 'content-type: application/json' \\
      -H 'authorization: Bearer ${token}' \\
      -d '{"query":"{ me { number name country { name maxTier } tier benefits { name } equipment { serialNumber status product { model kind tierCap supported } } } }"}'

  Ctrl-C stops everything.
`);
}

void main();
