import { describe, expect, it } from 'vitest';
import { databaseKinds, DASHBOARD_QUERY, errorCodes, stackFor, startStack, type Stack } from '../harness';
import { bodySerial, newMember, PRODUCTS, registerEquipment } from '../lifecycle/workflows';
import { proofHeader, send } from '../security/helpers';
import { subgraphProcess } from './tools';

/**
 * The member's page needs only the members subgraph: members serves what the dashboard reads of
 * products and countries itself, kept equal to what their owners serve. A catalogue or regions
 * that is down, or hung (a stopped process that still accepts connections), costs the dashboard
 * nothing, and costs every other request no more than the deadline.
 */
const DEADLINE_MS = 1500;

const PEER_DEADLINE_MS = 500;
const ENV = { SUBGRAPH_TIMEOUT_MS: String(DEADLINE_MS), PEER_TIMEOUT_MS: String(PEER_DEADLINE_MS) };

const dashboardText = async (stack: Stack, token: string) => {
  const response = await send(stack.gatewayUrl, { body: { query: DASHBOARD_QUERY }, headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return response.text;
};

describe.each(databaseKinds())('the dashboard with only the members subgraph (%s)', (db) => {
  const stack = stackFor({ db, env: ENV });

  it('its query plan is one fetch, to members', async () => {
    const response = await send(stack.gatewayUrl, {
      body: { query: DASHBOARD_QUERY },
      headers: { authorization: `Bearer ${await stack.token({ member: 1 })}`, 'apollo-query-plan-experimental': '1', 'apollo-query-plan-experimental-format': 'internal' },
    });
    const plan = JSON.stringify(response.body.extensions.__queryPlanExperimental);
    expect(plan.match(/"kind":"Fetch"/g)).toHaveLength(1);
    expect(plan).toContain('"serviceName":"members"');
  });

  it('members serves every product and country exactly as the catalogue and regions do', async () => {
    const catalogue = await stack.query('{ products { id model kind tierCap supported } }');
    const countries = await stack.query('{ countries { code name maxTier } }');
    expect(catalogue.data.products.length).toBeGreaterThan(30);
    expect(countries.data.countries).toHaveLength(31);
    // Asked of members itself (as the gateway would ask it), for every one of them.
    const entities = async (representations: object[], selection: string) => {
      const body = JSON.stringify({ query: `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, variables: { r: representations } });
      const response = await send(stack.subgraphs.members.url, { body, headers: proofHeader(stack, 'members', body) });
      expect(response.body.errors).toBeUndefined();
      return response.body.data._entities;
    };
    const products = await entities(
      catalogue.data.products.map((p: any) => ({ __typename: 'Product', id: p.id })),
      '... on Product { id model kind tierCap supported }',
    );
    expect(products).toEqual(catalogue.data.products);
    const memberCountries = await entities(
      countries.data.countries.map((c: any) => ({ __typename: 'Country', code: c.code })),
      '... on Country { code name maxTier }',
    );
    expect(memberCountries).toEqual(countries.data.countries);
  });

  for (const name of ['catalogue', 'regions'] as const) {
    it(`${name} down, then hung: the dashboard is the same to the byte, other requests end within the deadline`, async () => {
      // A stack of its own: this one loses a subgraph.
      const stack = await startStack({ db, env: ENV });
      const member = await newMember(stack);
      expect((await registerEquipment(stack, member, { productId: PRODUCTS.eosR6, serialNumber: bodySerial() })).errors).toBeUndefined();
      const token = await stack.token({ member });
      const whole = await dashboardText(stack, token);
      expect(JSON.parse(whole).data.me.equipment[0].product).toEqual({ model: 'EOS R6', kind: 'BODY', tierCap: 'GOLD', supported: true });

      const port = stack.subgraphs[name].port;
      await stack.subgraphs[name].close();
      expect(await dashboardText(stack, token)).toBe(whole);

      // The same subgraph as a process, then stopped: it accepts connections and never answers.
      const hung = subgraphProcess(name, port, { ...stack.env, NODE_ENV: undefined });
      await hung.start();
      try {
        hung.child!.kill('SIGSTOP');
        expect(await dashboardText(stack, token)).toBe(whole);

        const needsIt = name === 'catalogue' ? 'r5: product(id: "4") { serialHint }' : 'de: country(code: "DE") { name }';
        const started = Date.now();
        const partial = await stack.query(`{ me { number } ${needsIt} }`, { token });
        const took = Date.now() - started;
        expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
        expect(took).toBeLessThan(DEADLINE_MS + 3000);
        expect(partial.data.me.number).toMatch(/^\d+$/);
        expect(partial.errors).toEqual([
          expect.objectContaining({ extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', serviceName: name }) }),
        ]);
        expect(partial.errors![0].message).toContain(`did not answer within ${DEADLINE_MS} ms`);

        // Registration asks the catalogue (serial formats): without it, it fails clearly, within
        // members' own deadline for its peers. Dealers are in the country files members reads
        // itself, so registration never waits for regions.
        const asked = Date.now();
        const registration = await registerEquipment(stack, member, { productId: PRODUCTS.eosR6, serialNumber: bodySerial() });
        if (name === 'catalogue') {
          expect(errorCodes(registration)).toEqual(['SERVICE_UNAVAILABLE']);
          expect(registration.errors![0].extensions!.serviceName).toBe(name);
        } else {
          expect(registration.errors).toBeUndefined();
          expect(registration.data.registerEquipment).toMatchObject({ status: 'ACTIVE', parallelImport: false });
        }
        expect(Date.now() - asked).toBeLessThan(DEADLINE_MS);
      } finally {
        hung.child?.kill('SIGCONT');
        await hung.kill();
        await stack.close();
      }
    }, 60_000);
  }
});
