import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { databaseKinds, startStack } from '../harness';
import { bodySerial, lensSerial, me, newMember, PRODUCTS, registerEquipment } from '../lifecycle/workflows';
import { copyRules, untilEveryService } from './rules-copy';

/**
 * Every version that went live is kept, and a mistake is undone: a version replaced within the
 * withdrawal window loses the rises it gave that the policy now in force does not give; a tier
 * changed for another reason in between stays.
 */
describe.each(databaseKinds())('policy versions and withdrawing a mistake (%s)', (db) => {
  it('a cap lifted by mistake and put back within the window: its rises fall back, with a history entry; tiers the policy in force gives stay', async () => {
    const rules = copyRules();
    // Without the owners' cases, which would have caught this mistake (one pins a 90D kit): a
    // mistake that passes every check is what the withdrawal is for.
    fs.rmSync(`${rules.dir}/tests`, { recursive: true });
    const stack = await startStack({ db, rulesDir: rules.dir });
    try {
      const admin = await stack.token({ role: 'admin' });
      const urls = Object.values(stack.subgraphs).map((s) => s.url);
      // Two members with two EOS 90D (cap Silver) and three Gold lenses: Silver each.
      const kit = async () => {
        const member = await newMember(stack);
        for (const input of [
          { productId: PRODUCTS.eos90D, serialNumber: bodySerial() },
          { productId: PRODUCTS.eos90D, serialNumber: bodySerial() },
          ...[1, 2, 3].map(() => ({ productId: PRODUCTS.ef24_105, serialNumber: lensSerial() })),
        ]) {
          expect((await registerEquipment(stack, member, input)).errors).toBeUndefined();
        }
        return member;
      };
      const mistaken = await kit();
      const movedOn = await kit();
      expect((await me(stack, mistaken)).tier).toBe('SILVER');
      const live = (await stack.query('{ policy { version } }')).data.policy.version;

      // The mistake: the 90D counts up to Gold.
      const original = fs.readFileSync(`${rules.dir}/products/bodies.json`, 'utf8');
      rules.edit('products/bodies.json', (pack) => (pack.products.find((p: any) => p.model === 'EOS 90D').cap = 'GOLD'));
      await untilEveryService(urls, (p) => p.version !== live && p.lastError === null, 5000);
      await expect.poll(async () => (await me(stack, mistaken)).tier, { timeout: 5000 }).toBe('GOLD');
      await expect.poll(async () => (await me(stack, movedOn)).tier, { timeout: 5000 }).toBe('GOLD');
      // One of them registers two EOS R6 (cap Gold) meanwhile: Gold also under the policy put back.
      for (let i = 0; i < 2; i++) {
        expect((await registerEquipment(stack, movedOn, { productId: PRODUCTS.eosR6, serialNumber: bodySerial() })).errors).toBeUndefined();
      }

      // Put back within the window.
      fs.writeFileSync(`${rules.dir}/products/bodies.json`, original);
      await untilEveryService(urls, (p) => p.version === live, 5000);
      await expect.poll(async () => (await me(stack, mistaken)).tier, { timeout: 5000 }).toBe('SILVER');
      const history = (await me(stack, mistaken)).tierHistory;
      expect(history.at(-1)).toMatchObject({ from: 'GOLD', to: 'SILVER', reason: expect.stringMatching(/^withdrawn: policy [0-9a-f]+ was replaced within 24 h/) });
      // The other member's equipment gives Gold under the policy now in force: it stays.
      expect((await me(stack, movedOn)).tier).toBe('GOLD');
      expect((await me(stack, movedOn)).tierHistory.some((c: any) => c.reason.startsWith('withdrawn'))).toBe(false);

      const versions = (await stack.query('{ policyVersions { version how wentLiveAt packs } }', { token: admin })).data.policyVersions;
      expect(versions.map((v: any) => v.how)).toEqual(['reload', 'start']);
      expect(versions[1].version).toBe(live);
      expect(versions[0].packs).toContain('products/bodies.json 1.0.0');
    } finally {
      await stack.close();
      rules.remove();
    }
  }, 60_000);
});
