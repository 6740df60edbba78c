import { describe, expect, it } from 'vitest';
import { databaseKinds, openStackDatabase, stackFor } from '../harness';
import { bodySerial, newMember, PRODUCTS, registerEquipment } from './workflows';

const CONFIRM = 'mutation($id: ID!) { confirmTransfer(equipmentId: $id) { id status } }';

describe.each(databaseKinds())('concurrent registrations and decisions (%s)', (db) => {
  const stack = stackFor({ db });

  async function statusesOf(serialNumber: string) {
    const dataSource = await openStackDatabase(stack, 'members');
    try {
      const rows = await dataSource.query('SELECT member_id, status FROM equipment WHERE serial_number = ? ORDER BY id', [serialNumber]);
      return rows.map((r: any) => ({ member: Number(r.member_id), status: r.status as string }));
    } finally {
      await dataSource.destroy();
    }
  }

  it('20 members registering the same serial at once: exactly one ACTIVE owner, the rest pending', async () => {
    const members = await Promise.all(Array.from({ length: 20 }, () => newMember(stack)));
    const serialNumber = bodySerial();
    const responses = await Promise.all(members.map((member) => registerEquipment(stack, member, { productId: PRODUCTS.eos5DMarkIV, serialNumber })));
    for (const response of responses) expect(response.errors).toBeUndefined();
    const statuses = responses.map((r) => r.data.registerEquipment.status).sort();
    expect(statuses.filter((s) => s === 'ACTIVE')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'PENDING_TRANSFER')).toHaveLength(19);
    const stored = await statusesOf(serialNumber);
    expect(stored).toHaveLength(20);
    expect(stored.filter((r: any) => r.status === 'ACTIVE')).toHaveLength(1);
  });

  it('two handlers confirming conflicting transfers at once leave one consistent owner', async () => {
    const [owner, buyerA, buyerB] = [await newMember(stack), await newMember(stack), await newMember(stack)];
    const serialNumber = bodySerial();
    await registerEquipment(stack, owner, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const a = await registerEquipment(stack, buyerA, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const b = await registerEquipment(stack, buyerB, { productId: PRODUCTS.eos5DMarkIV, serialNumber });
    const [handler1, handler2] = [await stack.token({ role: 'handler' }), await stack.token({ role: 'handler' })];
    const results = await Promise.all([
      stack.query(CONFIRM, { token: handler1, variables: { id: a.data.registerEquipment.id } }),
      stack.query(CONFIRM, { token: handler2, variables: { id: b.data.registerEquipment.id } }),
    ]);
    for (const result of results) expect(result.errors).toBeUndefined();
    const stored = await statusesOf(serialNumber);
    const active = stored.filter((r: any) => r.status === 'ACTIVE');
    expect(active).toHaveLength(1);
    expect([buyerA, buyerB]).toContain(active[0].member);
    // Everyone else's copy left their account: ownership moved in order, never split.
    expect(stored.filter((r: any) => r.status === 'TRANSFERRED')).toHaveLength(2);
    expect(stored.find((r: any) => r.member === owner).status).toBe('TRANSFERRED');
  });
});
