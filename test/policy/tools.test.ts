import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startStack, type Stack } from '../harness';
import { copyRules, RULES } from './rules-copy';

const CLI = path.resolve(__dirname, '..', '..', 'subgraphs', 'members', 'dist', 'cli', 'policy.js');

// `npm run policy -- <command>` runs this compiled CLI (built before the tests).
describe.each(databaseKinds())('tools for policy owners: npm run policy -- validate | explain | preview (%s)', (db) => {
  let stack: Stack;
  let candidate: ReturnType<typeof copyRules>;
  let broken: ReturnType<typeof copyRules>;
  const policy = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...stack.env } as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    stack = await startStack({ db });
    candidate = copyRules();
    // Gold now needs four lenses: Lucie (three Gold lenses) would fall to Silver.
    candidate.edit('tiers.json', (pack) => {
      const gold = pack.rules.find((r: any) => r.name === 'Gold');
      gold.conditions.all.find((c: any) => c.fact === 'lensesCountingTowards').value = 4;
    });
    broken = copyRules();
    broken.edit('countries/hr.json', (pack) => (pack.maxTier = 'BRONZE'));
    broken.edit('products/lenses.json', (pack) => (pack.products[0].countsAs = 'FILTER'));
  });
  afterAll(async () => {
    await stack?.close();
    candidate?.remove();
    broken?.remove();
  });

  it('validate passes the real rules, their own test cases included', () => {
    const result = policy('validate', RULES);
    expect(result.stdout).toMatch(/^OK policy [0-9a-f]+: \d+ packs, 45 products, 31 countries/m);
    expect(result.status).toBe(0);
  });

  it('validate lists every problem with file, JSON pointer and reason, and exits non-zero', () => {
    const result = policy('validate', broken.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/countries\/hr\.json#\/maxTier: .+/);
    expect(result.stdout).toMatch(/products\/lenses\.json#\/products\/0\/countsAs: .+/);
    expect(result.stdout).toMatch(/2 problems/);
  });

  it("validate runs the policy owners' own cases: a policy that changes a pinned decision fails", () => {
    const result = policy('validate', candidate.dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/tests\/.+\.json#\/cases\/\d+: case ".+" failed: expected tier GOLD, got SILVER/);
  });

  it('explain shows which item counts towards which tier and why the next is not reached', () => {
    const result = policy('explain', '10000002');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/Member 10000002 \(GB\), held tier SILVER/);
    expect(result.stdout).toMatch(/EOS 80D/);
    expect(result.stdout).toMatch(/GOLD/);
  });

  it('explain refuses an old alphanumeric number with the expiry message', () => {
    const result = policy('explain', 'UK013795RS');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/expired in April 2010/);
  });

  it('preview shows how many members move from which tier to which, with samples and a progress bar', () => {
    const result = policy('preview', candidate.dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/previewing/);
    expect(result.stdout).toMatch(/GOLD -> SILVER: 1 \(e\.g\. 10000003\)/);
    expect(result.stdout).toMatch(/unchanged: 4/);
  });
});
