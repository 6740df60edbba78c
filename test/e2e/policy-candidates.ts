import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RULES = path.resolve(__dirname, '..', '..', 'rules');

function editJson(file: string, edit: (json: any) => void): void {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

/**
 * A POLICY_CANDIDATES_DIR with two candidates, each a full copy of rules/ with one edit:
 * - `gold-needs-four-lenses`: Gold needs four lenses instead of three (valid: some Gold members
 *   move to Silver). Its copy of tests/ is left out: those cases expect today's thresholds.
 * - `broken-silver-threshold`: Silver's bodies threshold is the word "two" (a schema error).
 */
export function makePolicyCandidates(): { dir: string; valid: string; invalid: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-candidates-'));
  const valid = 'gold-needs-four-lenses';
  const invalid = 'broken-silver-threshold';

  fs.cpSync(RULES, path.join(dir, valid), { recursive: true });
  fs.rmSync(path.join(dir, valid, 'tests'), { recursive: true, force: true });
  editJson(path.join(dir, valid, 'tiers.json'), (tiers) => {
    const gold = tiers.rules.find((r: any) => r.name === 'Gold');
    gold.conditions.all.find((c: any) => c.fact === 'lensesCountingTowards').value = 4;
    tiers.version = '1.1.0';
  });

  fs.cpSync(RULES, path.join(dir, invalid), { recursive: true });
  editJson(path.join(dir, invalid, 'tiers.json'), (tiers) => {
    const silver = tiers.rules.find((r: any) => r.name === 'Silver');
    silver.conditions.all.find((c: any) => c.fact === 'bodiesCountingTowards').value = 'two';
  });

  return { dir, valid, invalid, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A RULES_DIR: today's rules, plus a version scheduled for `day` in which Platinum needs five
 * lenses instead of four (its copy of tests/ is left out: those cases expect today's thresholds).
 */
export function makeRulesWithScheduledVersion(day: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-rules-'));
  fs.cpSync(RULES, dir, { recursive: true });
  const scheduled = path.join(dir, 'scheduled', day);
  fs.cpSync(RULES, scheduled, { recursive: true });
  fs.rmSync(path.join(scheduled, 'tests'), { recursive: true, force: true });
  editJson(path.join(scheduled, 'tiers.json'), (tiers) => {
    const platinum = tiers.rules.find((r: any) => r.name === 'Platinum');
    platinum.conditions.all.find((c: any) => c.fact === 'lensesCountingTowards').value = 5;
    tiers.version = '1.2.0';
  });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
