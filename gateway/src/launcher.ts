import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopChildren, waitUntilReady } from './child-processes';
import { readAuthSecret, readPort, repoRoot, SERVICE_PORTS, signToken, SUBGRAPH_NAMES } from '@cps/service-kit';

/**
 * `npm start`: the three subgraphs and the gateway as four processes, each on its own port and
 * database. Prints where the gateway is and a query to try; Ctrl-C stops every process.
 */
const services = [...SUBGRAPH_NAMES, 'gateway'] as const;
type ServiceName = (typeof services)[number];

const mainFile = (name: ServiceName) =>
  name === 'gateway'
    ? path.join(repoRoot(), 'gateway', 'dist', 'main.js')
    : path.join(repoRoot(), 'subgraphs', name, 'dist', 'main.js');

const portOf = (name: ServiceName) => readPort(process.env, `${name.toUpperCase()}_PORT`, SERVICE_PORTS[name]);
const readyUrl = (name: ServiceName) => `http://127.0.0.1:${portOf(name)}/health/ready`;

async function main(): Promise<void> {
  const children = new Map<ServiceName, ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopChildren(children.values());
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // The gateway finds the subgraphs where this launcher put them, whatever ports were chosen.
  const subgraphUrls = Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${portOf(name)}/graphql`]),
  );
  const start = (name: ServiceName) => {
    const env = name === 'gateway' ? { ...subgraphUrls, ...process.env } : process.env;
    const child = spawn(process.execPath, [mainFile(name)], { stdio: 'inherit', env });
    child.on('exit', (code, signal) => {
      if (stopping) return;
      // Ctrl-C reaches every process of the terminal's group: a child that stopped cleanly
      // first is part of the same stop, not a failure.
      if (code === 0 || signal === 'SIGINT' || signal === 'SIGTERM') return void stopAll(0);
      console.error(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the others.`);
      void stopAll(1);
    });
    children.set(name, child);
    return child;
  };

  try {
    await Promise.all(SUBGRAPH_NAMES.map((name) => waitUntilReady(name, start(name), readyUrl(name))));
    await waitUntilReady('gateway', start('gateway'), readyUrl('gateway'));
  } catch (error) {
    console.error(`Could not start: ${(error as Error).message}`);
    return stopAll(1);
  }
  const gatewayUrl = `http://localhost:${portOf('gateway')}/graphql`;
  const token = await signToken(readAuthSecret(process.env), { sub: '1', roles: ['member'] });
  console.log(`
  CPS membership graph is up.
    web pages  http://localhost:${portOf('gateway')}/   (member, handler and policy owner views)
    gateway    ${gatewayUrl}   (health: http://localhost:${portOf('gateway')}/health/ready)
    subgraphs  members :${portOf('members')}, catalogue :${portOf('catalogue')}, regions :${portOf('regions')} on 127.0.0.1
               (behind the gateway: a direct request without the gateway's proof is refused)

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
