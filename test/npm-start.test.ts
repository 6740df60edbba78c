import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, postGraphQL } from './harness';

const root = path.resolve(__dirname, '..');

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

/** The pid of the launcher's child running `script`. */
function childOf(parent: number, script: string): number {
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === parent && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script)) return Number(pid);
    } catch {
      /* gone meanwhile */
    }
  }
  throw new Error(`no child of ${parent} runs ${script}`);
}

async function waitFor(probe: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The launcher on free ports with `extra` in its environment, until its banner is printed. */
async function startLauncher(extra: NodeJS.ProcessEnv) {
  const ports = { GATEWAY_PORT: 0, MEMBERS_PORT: 0, CATALOGUE_PORT: 0, REGIONS_PORT: 0 };
  for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, DB: 'sqlite', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), ...extra };
  for (const [key, value] of Object.entries(extra)) if (value === undefined) delete env[key];
  // Its own process group, like a terminal's foreground job: Ctrl-C reaches every process in it.
  const child = spawn(process.execPath, [path.join(root, 'gateway', 'dist', 'launcher.js')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const launched = { child, ports, dataDir, output: '' };
  child.stdout.on('data', (chunk) => (launched.output += chunk));
  child.stderr.on('data', (chunk) => (launched.output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in 60 s:\n${launched.output}`)), 60_000);
    child.stdout.on('data', () => launched.output.includes('Ctrl-C') && (clearTimeout(timer), resolve()));
    child.once('exit', (code) => reject(new Error(`launcher exited (${code}):\n${launched.output}`)));
  });
  return launched;
}

// `npm start` is `npm run build` and then this launcher; the build has run before the tests.
describe('npm start (the launcher of the four compiled services)', () => {
  it('starts on an empty data folder, prints the gateway and an example, restarts a service that dies, and Ctrl-C stops every process', async () => {
    const launched = await startLauncher({ AUTH_SECRET: undefined });
    const { child, ports, dataDir } = launched;
    try {
      const gatewayUrl = `http://localhost:${ports.GATEWAY_PORT}/graphql`;
      expect(launched.output).toContain(gatewayUrl);
      expect(launched.output).toMatch(/curl -s/);
      for (const name of ['members', 'catalogue', 'regions']) {
        expect(fs.existsSync(path.join(dataDir, `${name}.sqlite`))).toBe(true);
      }
      // The printed demo token works for the printed dashboard query.
      const token = /Bearer ([\w.-]+)/.exec(launched.output)![1];
      const response = await postGraphQL(gatewayUrl, '{ me { name tier country { name } equipment { product { model } } } }', undefined, token);
      expect(response.errors).toBeUndefined();
      expect(response.data.me).toMatchObject({ name: 'Anna Schmidt', tier: 'PLATINUM', country: { name: 'Deutschland' } });

      // The ports alone moved the stack: members finds the catalogue and regions where they are.
      const registered = await postGraphQL(
        gatewayUrl,
        'mutation ($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { status product { model } } }',
        { input: { productId: '11', serialNumber: '123456789012', purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Calumet Photographic' } },
        token,
      );
      expect(registered.errors).toBeUndefined();
      expect(registered.data.registerEquipment.product.model).toBe('EOS R6');

      // A service that dies is started again, with a log line; the others keep serving.
      const catalogue = childOf(child.pid!, 'subgraphs/catalogue/dist/main.js');
      process.kill(catalogue, 'SIGKILL');
      await waitFor(() => launched.output.includes('catalogue stopped unexpectedly (SIGKILL); starting it again'), 5_000);
      const dashboard = await postGraphQL(gatewayUrl, '{ me { name equipment { product { model } } } }', undefined, token);
      expect(dashboard.errors).toBeUndefined();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${ports.CATALOGUE_PORT}/health/ready`).catch(() => undefined))?.ok === true, 20_000);
      expect(childOf(child.pid!, 'subgraphs/catalogue/dist/main.js')).not.toBe(catalogue);
      const products = await postGraphQL(gatewayUrl, '{ product(id: "4") { model serialHint } }');
      expect(products.errors).toBeUndefined();
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      // Only the service killed above was restarted; Ctrl-C restarted nothing.
      expect(launched.output.match(/stopped unexpectedly/g) ?? []).toHaveLength(1);
      expect(launched.output).not.toMatch(/stopped by itself/);
      for (const port of Object.values(ports)) expect(await portOpen(port)).toBe(false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('in production it prints no token: a token signed with the production secret never reaches the output', async () => {
    const secret = (c: string) => c.repeat(40);
    const launched = await startLauncher({
      NODE_ENV: 'production', AUTH_SECRET: secret('a'), MEMBERS_GATEWAY_SECRET: secret('m'), CATALOGUE_GATEWAY_SECRET: secret('c'), REGIONS_GATEWAY_SECRET: secret('r'),
    });
    const { child, ports, dataDir } = launched;
    try {
      expect(launched.output).toContain(`http://localhost:${ports.GATEWAY_PORT}/graphql`);
      expect(launched.output).toMatch(/npm run token -- --member 1, outside production/);
      // No JWT anywhere: header.payload.signature, base64url, starting with {"alg" encoded.
      expect(launched.output).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
