import type { ServiceProcess } from '@cps/service-kit';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, openStackDatabase, startStack, type GraphQLResponse, type Stack } from '../harness';
import { HARDENED } from '../security/helpers';
import { eventually, subgraphProcess } from './tools';
import { writeHold, type HeldWrite, type WriteHold } from './write-hold';

/**
 * A process killed in the middle of a write leaves no half-written state. The members subgraph
 * runs as its own process (compiled; `npm test` builds first) on the port the gateway knows. The
 * test holds one INSERT of the service's transaction open (a lock of its own, see write-hold.ts),
 * so the SIGKILL lands after the transaction changed rows and before it commits; it checks the
 * client was told it failed, then reads the members tables directly, row by row.
 */
const REGISTER_EQUIPMENT = 'mutation($input: RegisterEquipmentInput!) { registerEquipment(input: $input) { id status } }';
const CONFIRM_TRANSFER = 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status } }';
const RECALCULATE = 'mutation($d: Date!) { recalculateMemberships(asOf: $d) { membersProcessed state } }';
const EQUIPMENT = 'query($id: ID!) { member(id: $id) { equipment { id serialNumber status product { id } } } }';

type Row = Record<string, unknown>;

/** The killed request failed, and the client was told so, naming members. */
function expectFailedAtMembers(answer: GraphQLResponse, field: string): void {
  expect(answer.status).toBeLessThan(500);
  expect(answer.data?.[field] ?? null).toBeNull();
  expect((answer.errors ?? []).map((e) => [e.extensions?.code, e.extensions?.serviceName])).toContainEqual(['SERVICE_UNAVAILABLE', 'members']);
}

describe.each(databaseKinds())('a members process killed inside its write transaction (%s)', (db) => {
  let stack: Stack;
  let hold: WriteHold;
  let members: ServiceProcess;
  let tables: DataSource;
  let admin: string;
  let handler: string;

  const rows = (sql: string, ...params: unknown[]): Promise<Row[]> => tables.query(sql, params);

  beforeAll(async () => {
    // The clock is past the 1 January the recalculation is killed in.
    stack = await startStack({ db, env: { ...HARDENED, LOG_LEVEL: 'fatal', CPS_CLOCK: '2040-06-01T12:00:00Z', YEARLY_RUN: 'off' } });
    admin = await stack.token({ role: 'admin' });
    handler = await stack.token({ role: 'handler' });
    hold = writeHold(stack);
    // The in-process members subgraph gives way to a process of its own on the same port.
    const port = stack.subgraphs.members.port;
    await stack.subgraphs.members.close();
    const { env, nodeArgs } = hold.processOptions;
    members = subgraphProcess('members', port, { ...stack.env, ...env, LOG_LEVEL: 'fatal' }, 20_000, nodeArgs);
    await members.start();
    tables = await openStackDatabase(stack, 'members');
  });
  afterAll(async () => {
    await members?.kill('SIGTERM');
    await hold?.close();
    await tables?.destroy();
    await stack?.close();
  });

  /** Sends `query`; once it waits at the hold on `table`, kills members, then lets the lock go. */
  async function killAtHold(table: string, query: string, variables: object, token: string): Promise<{ held: HeldWrite; answer: GraphQLResponse }> {
    await hold.arm(table);
    const pending = stack.query(query, { variables, token });
    let held: HeldWrite;
    try {
      held = await hold.reached();
      await members.kill('SIGKILL');
    } finally {
      await hold.release();
    }
    return { held: held!, answer: await pending };
  }

  it('confirmTransfer killed after it changed both copies of the item: nothing of it is stored, and confirming again finishes the job', async () => {
    const anna = await stack.query(EQUIPMENT, { variables: { id: '1' }, token: admin });
    const item = anna.data.member.equipment.find((i: any) => i.status === 'ACTIVE');
    // Lucie registers a serial still on Anna's account: pending until a handler confirms.
    const registered = await stack.query(REGISTER_EQUIPMENT, {
      variables: { input: { productId: item.product.id, serialNumber: item.serialNumber, purchaseDate: '2024-05-01', purchaseCountryCode: 'DE', dealer: 'Foto Koch' } },
      token: await stack.token({ member: 3 }),
    });
    expect(registered.errors).toBeUndefined();
    expect(registered.data.registerEquipment.status).toBe('PENDING_TRANSFER');
    const pendingId = Number(registered.data.registerEquipment.id);
    const oldId = Number(item.id);

    const stored = async () => ({
      copies: await rows('SELECT * FROM equipment WHERE id IN (?, ?) ORDER BY id', oldId, pendingId),
      buyer: await rows('SELECT * FROM member WHERE id = 3'),
      history: await rows('SELECT * FROM tier_change WHERE member_id = 3 ORDER BY id'),
      outbox: await rows('SELECT * FROM outbox_email ORDER BY id'),
    });
    const before = await stored();
    expect(before.copies.map((r) => [Number(r.id), Number(r.member_id), r.status])).toEqual([
      [oldId, 1, 'ACTIVE'],
      [pendingId, 3, 'PENDING_TRANSFER'],
    ]);

    // The e-mail to the buyer is the transaction's last write: both copies changed by then.
    const { held, answer } = await killAtHold('outbox_email', CONFIRM_TRANSFER, { id: String(pendingId) }, handler);
    expect(held.rowsWritten).toBeGreaterThanOrEqual(2);
    expectFailedAtMembers(answer, 'confirmTransfer');
    // Every field of every row it had touched is as it was: the old copy still Anna's and active.
    expect(await stored()).toEqual(before);

    await members.start();
    const again = await stack.query(CONFIRM_TRANSFER, { variables: { id: String(pendingId) }, token: handler });
    expect(again.errors).toBeUndefined();
    expect(again.data.confirmTransfer).toEqual({ id: String(pendingId), status: 'ACTIVE' });
    const after = await stored();
    expect(after.copies.map((r) => [Number(r.id), Number(r.member_id), r.status])).toEqual([
      [oldId, 1, 'TRANSFERRED'],
      [pendingId, 3, 'ACTIVE'],
    ]);
    // Exactly one e-mail to the buyer: none from the killed attempt, one from the confirmation.
    const written = after.outbox.slice(before.outbox.length);
    expect(after.outbox.slice(0, before.outbox.length)).toEqual(before.outbox);
    expect(written.map((r) => [Number(r.member_id), r.recipient])).toEqual([[3, 'lucie.dubois@example.fr']]);
  }, 60_000);

  it('recalculateMemberships killed after it changed held tiers, before their history: nothing of the batch is stored, and running it again completes it once', async () => {
    const asOf = '2030-01-01';
    const stored = async () => ({
      members: await rows('SELECT * FROM member ORDER BY id'),
      history: await rows('SELECT * FROM tier_change ORDER BY id'),
    });
    const before = await stored();

    // A batch writes the held tiers (one UPDATE per new state), then their history rows.
    const { held, answer } = await killAtHold('tier_change', RECALCULATE, { d: asOf }, admin);
    expect(held.rowsWritten).toBeGreaterThanOrEqual(1);
    expectFailedAtMembers(answer, 'recalculateMemberships');
    expect(await stored()).toEqual(before);
    // The run exists (made before its first batch) and has decided nobody.
    expect((await rows('SELECT processed, last_member_id, finished_at FROM recalculation_run WHERE as_of = ?', asOf)).map((r) => [Number(r.processed), Number(r.last_member_id), r.finished_at])).toEqual([[0, 0, null]]);

    await members.start();
    // The killed runner's lease runs out (10 s) before another may resume the run.
    let report: any;
    const completed = await eventually(async () => {
      const response = await stack.query(RECALCULATE, { variables: { d: asOf }, token: admin });
      expect(response.errors).toBeUndefined();
      report = response.data.recalculateMemberships;
      return report.state === 'COMPLETED';
    }, 25_000);
    expect(completed, JSON.stringify(report)).toBe(true);
    expect(report.membersProcessed).toBe(before.members.filter((m) => m.deleted_at === null).length);

    const after = await stored();
    const runRows = after.history.slice(before.history.length);
    expect(after.history.slice(0, before.history.length)).toEqual(before.history);
    // Each member whose held tier changed has exactly one history row of this run saying so, and no other member has one.
    const tierOf = (list: Row[]) => new Map(list.map((m) => [Number(m.id), m.held_tier ?? null]));
    const [was, now] = [tierOf(before.members), tierOf(after.members)];
    const changed = [...now].filter(([id, tier]) => was.get(id) !== tier).map(([id]) => id);
    expect(changed.length).toBeGreaterThan(0);
    const tierRows = runRows.filter((r) => r.from_tier !== r.to_tier);
    expect(tierRows.map((r) => Number(r.member_id)).sort()).toEqual(changed.sort());
    for (const row of tierRows) {
      expect(row).toMatchObject({ from_tier: was.get(Number(row.member_id)), to_tier: now.get(Number(row.member_id)), reason: `yearly recalculation as of ${asOf}` });
    }
  }, 60_000);
});
