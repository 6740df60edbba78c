import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../harness';
import { composedOperations, HARDENED, random, sleep } from '../security/helpers';
import { subgraphProcess } from './tools';
import type { ServiceProcess } from '@cps/service-kit';

/**
 * A process killed in the middle of a write leaves no half-written state. The members subgraph
 * runs as its own process (compiled; `npm test` builds first) on the port the gateway knows; the
 * test sends a transfer confirmation or a recalculation, kills the process with SIGKILL at a random
 * moment, starts a new one and checks the invariants through the gateway.
 *
 * These need mutations that are not in the supergraph yet: each scenario is a todo until they are,
 * then runs by itself.
 */
const ops = await composedOperations();
const has = (...names: string[]) => names.every((n) => ops.mutation.has(n) || ops.query.has(n));
const rnd = random(Number(process.env.FUZZ_SEED ?? 7));

const REGISTER_EQUIPMENT = 'mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id status } }';
const EQUIPMENT = 'query($id: ID!) { member(id: $id) { tier tierHistory { to at } equipment(includeInactive: true) { id serialNumber status product { id } } } }';

describe('a process killed during a write', () => {
  let stack: Stack;
  let members: ServiceProcess | undefined;
  let admin: string;
  let handler: string;

  /** Replaces the in-process members subgraph with a process of its own on the same port. */
  async function membersAsProcess(): Promise<ServiceProcess> {
    const port = stack.subgraphs.members.port;
    await stack.subgraphs.members.close();
    const child = subgraphProcess('members', port, { ...stack.env, LOG_LEVEL: 'fatal' });
    await child.start();
    return child;
  }

  /** Sends `mutation`, kills members after a random 0–`withinMs` ms, starts a new process. */
  async function killDuring(query: string, variables: object, token: string, withinMs: number) {
    const pending = stack.query(query, { variables, token });
    await sleep(Math.floor(rnd() * withinMs));
    await members!.kill('SIGKILL');
    const answer = await pending;
    expect(answer.status).toBeLessThan(500);
    await members!.start();
    return answer;
  }

  beforeAll(async () => {
    if (!has('registerEquipment', 'confirmTransfer') && !has('recalculateMemberships')) return;
    // The clock is past the 1 January dates the recalculation is killed in.
    stack = await startStack({ db: 'sqlite', env: { ...HARDENED, LOG_LEVEL: 'fatal', CPS_CLOCK: '2040-06-01T12:00:00Z', YEARLY_RUN: 'off' } });
    admin = await stack.token({ role: 'admin' });
    handler = await stack.token({ role: 'handler' });
    members = await membersAsProcess();
  });
  afterAll(async () => {
    await members?.kill('SIGTERM');
    await stack?.close();
  });

  const memberState = async (id: string) => {
    const response = await stack.query(EQUIPMENT, { variables: { id }, token: admin });
    expect(response.errors).toBeUndefined();
    return response.data.member;
  };

  if (!has('registerEquipment', 'confirmTransfer')) {
    it.todo(
      'killed during confirmTransfer: the item is on exactly one account afterwards (old ACTIVE + new PENDING_TRANSFER, or old TRANSFERRED + new ACTIVE), and confirming again finishes the job — needs registerEquipment and confirmTransfer',
    );
  } else {
    it('killed during confirmTransfer: the item is on exactly one account afterwards, and confirming again finishes the job', async () => {
      const anna = await memberState('1');
      const lucie = await stack.token({ member: 3 });
      for (const item of anna.equipment.filter((i: any) => i.status === 'ACTIVE').slice(0, 3)) {
        // Lucie registers a serial still on Anna's account: pending until a handler confirms.
        const registered = await stack.query(REGISTER_EQUIPMENT, {
          variables: { input: { productId: item.product.id, serialNumber: item.serialNumber, purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' } },
          token: lucie,
        });
        expect(registered.errors).toBeUndefined();
        const pendingId = registered.data.registerEquipment.id;
        expect(registered.data.registerEquipment.status).toBe('PENDING_TRANSFER');

        await killDuring('mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status } }', { id: pendingId }, handler, 30);

        const statusOf = async () => ({
          old: (await memberState('1')).equipment.find((i: any) => i.id === item.id).status,
          new: (await memberState('3')).equipment.find((i: any) => i.id === pendingId).status,
        });
        const after = await statusOf();
        expect([
          { old: 'ACTIVE', new: 'PENDING_TRANSFER' },
          { old: 'TRANSFERRED', new: 'ACTIVE' },
        ]).toContainEqual(after);
        if (after.new === 'PENDING_TRANSFER') {
          const again = await stack.query('mutation($id: ID!) { confirmTransfer(equipmentId: $id) { status } }', { variables: { id: pendingId }, token: handler });
          expect(again.errors).toBeUndefined();
          expect(await statusOf()).toEqual({ old: 'TRANSFERRED', new: 'ACTIVE' });
        }
      }
    }, 60_000);
  }

  if (!has('recalculateMemberships')) {
    it.todo(
      'killed during recalculateMemberships: every member’s held tier equals the last entry of their tier history (no tier changed without its history row, no row without the change), and running it again completes — needs recalculateMemberships',
    );
  } else {
    it('killed during recalculateMemberships: every held tier matches its history, and running it again completes', async () => {
      const ids = ['1', '2', '3', '4', '5'];
      for (let round = 0; round < 3; round++) {
        await killDuring('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', { d: `${2030 + round}-01-01` }, admin, 40);
        for (const id of ids) {
          const member = await memberState(id);
          const last = member.tierHistory.at(-1);
          expect(member.tier ?? null, `member ${id}`).toBe(last ? last.to ?? null : null);
        }
        const again = await stack.query('mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed } }', {
          variables: { d: `${2030 + round}-01-01` },
          token: admin,
        });
        expect(again.errors).toBeUndefined();
      }
    }, 60_000);
  }
});
