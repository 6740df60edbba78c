import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { me } from '../lifecycle/workflows';
import { copyRules, untilEveryService } from './rules-copy';

const readiness = async (url: string) => (await fetch(new URL('/health/ready', url))).json() as Promise<any>;

describe.each(databaseKinds())('editing the rules of running services (%s)', (db) => {
  let stack: Stack;
  let rules: ReturnType<typeof copyRules>;
  beforeAll(async () => {
    rules = copyRules();
    stack = await startStack({ db, rulesDir: rules.dir });
  });
  afterAll(async () => {
    await stack?.close();
    rules?.remove();
  });
  const urls = () => Object.values(stack.subgraphs).map((s) => s.url);

  it('a valid edit changes answers within 2 seconds, no restart, and every service reports the new version', async () => {
    const before = (await readiness(stack.subgraphs.members.url)).policy.version;
    // Policy owners decide the 80D now counts towards Gold: Tom (the worked example) becomes Gold.
    // Only a fully checked policy goes live: the owners update their own case of the worked example too.
    rules.edit('products/bodies.json', (pack) => {
      pack.products.find((p: any) => p.model === 'EOS 80D').cap = 'GOLD';
    });
    rules.edit('tests/worked-examples.json', (pack) => {
      pack.cases.find((c: any) => c.name.startsWith('Worked example: a 5D Mark IV')).expect = { tier: 'GOLD', videoMember: false };
    });
    const started = Date.now();
    await expect.poll(async () => (await me(stack, 2)).qualifyingTier, { timeout: 2000, interval: 100 }).toBe('GOLD');
    expect(Date.now() - started).toBeLessThan(2000);
    // Each service polls on its own: within 2 s of the edit all of them serve it.
    await untilEveryService(urls(), (policy) => policy.version !== before && policy.lastError === null, 2000 - (Date.now() - started) + 500);
    const { data } = await stack.query('{ productByModel(model: "EOS 80D") { tierCap } }');
    expect(data.productByModel.tierCap).toBe('GOLD');
  });

  it.each([
    ['bad JSON', 'tiers.json', (text: string) => text.replace('"rules"', '"rules" ,,')],
    ['a schema error', 'countries/hr.json', (text: string) => text.replace('"maxTier": "SILVER"', '"maxTier": "BRONZE"')],
    ['Gold easier than Silver', 'tiers.json', (text: string) => {
      const json = JSON.parse(text);
      json.rules.find((r: any) => r.name === 'Gold').conditions.all[0].value = 1;
      return JSON.stringify(json);
    }],
    ['a cap for a model the catalogue lacks', 'products/bodies.json', (text: string) => text.replace('"EOS 90D"', '"EOS 90D Mark II"')],
  ])('an invalid edit (%s) is refused: the last good policy keeps serving, the error is in the health report', async (_, file, breakIt) => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const target = path.join(rules.dir, file);
    const good = fs.readFileSync(target, 'utf8');
    const liveVersion = (await readiness(stack.subgraphs.members.url)).policy.version;
    await untilEveryService(urls(), (policy) => policy.version === liveVersion && policy.lastError === null);
    fs.writeFileSync(target, breakIt(good));
    try {
      const reports = await untilEveryService(urls(), (policy) => policy.lastError !== null);
      for (const policy of reports) {
        expect(policy.version).toBe(liveVersion);
        expect(policy.lastError.problems.length).toBeGreaterThan(0);
      }
      expect((await me(stack, 1)).tier).toBe('PLATINUM');
      expect((await stack.query('{ countries { code } }')).data.countries).toHaveLength(31);
    } finally {
      fs.writeFileSync(target, good);
    }
    await untilEveryService(urls(), (policy) => policy.lastError === null);
  });

  it('each tier decision records the policy version that made it, and the API explains it', async () => {
    const { data } = await stack.query(
      '{ me { tierHistory { to policyVersion } tierExplanation { policyVersion qualifyingTier lines items { model counts countsTowards reason } } } }',
      { token: await stack.token({ member: 2 }) },
    );
    const live = (await readiness(stack.subgraphs.members.url)).policy.version;
    expect(data.me.tierHistory[0].policyVersion).toMatch(/^[0-9a-f]{8,}$/);
    const explanation = data.me.tierExplanation;
    expect(explanation.policyVersion).toBe(live);
    expect(explanation.lines.some((line: string) => /Platinum/.test(line))).toBe(true);
    const lens = explanation.items.find((i: any) => i.model === 'EF 16-35mm f/2.8L III USM');
    expect(lens).toMatchObject({ counts: true, countsTowards: ['SILVER', 'GOLD', 'PLATINUM'] });
  });

  it('nothing in use disappears: a policy without a country where members live is refused by members, naming the country and how many it would strand', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const estonia = path.join(rules.dir, 'countries/ee.json');
    const file = fs.readFileSync(estonia, 'utf8');
    const before = (await readiness(stack.subgraphs.members.url)).policy.version;
    // Kadri Tamm (member 4) lives in Estonia.
    rules.delete('countries/ee.json');
    try {
      const [report] = await untilEveryService([stack.subgraphs.members.url], (policy) => policy.lastError !== null, 3000);
      expect(report.version).toBe(before);
      expect(report.lastError.problems.map((p: any) => p.message)).toContain(
        'the policy has no country EE, where 1 member live: a country with members stays in the rules (close it with "closed": true in its file)',
      );
      expect((await me(stack, 4)).tier).toBe('SILVER');
    } finally {
      fs.writeFileSync(estonia, file);
    }
    await untilEveryService(urls(), (policy) => policy.version === before && policy.lastError === null);
  });
});
