// Shared test helpers: members built from model names, the real policy, temp copies of rules/.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import { defaultRulesDir, loadPolicy, type Decision, type MemberFacts, type Policy } from '../index';

export const RULES_DIR = defaultRulesDir();

let real: Promise<Policy> | undefined;
/** The real policy from the repository's rules/ folder, loaded once per test file. */
export function realPolicy(): Promise<Policy> {
  real ??= loadPolicy(RULES_DIR);
  return real;
}

/** A decision with its words written in the policy's English, as the CLI and an English reader get them. */
export async function inEnglish(decision: Decision) {
  const english = (await realPolicy()).texts('en');
  return {
    ...decision,
    explanation: decision.explanation.map(english.words),
    nextTierBlockedBy: decision.nextTierBlockedBy && english.words(decision.nextTierBlockedBy),
    items: decision.items.map((item) => ({ ...item, reason: english.words(item.reason) })),
  };
}

type ItemSpec = string | { model: string; status: string };

/** A member from an address country and items; a bare model name is an ACTIVE item. */
export function member(countryCode: string, ...items: ItemSpec[]): MemberFacts {
  return {
    countryCode,
    items: items.map((item, i) =>
      typeof item === 'string' ? { id: `item-${i + 1}`, model: item, status: 'ACTIVE' } : { id: `item-${i + 1}`, ...item },
    ),
  };
}

// Equipment used across the tests (names exactly as in rules/products).
export const PLATINUM_BODIES = ['EOS R1', 'EOS R3', 'EOS 5D Mark IV', 'EOS R5', 'EOS-1D X Mark III'];
export const GOLD_BODIES = ['EOS R6 Mark II', 'EOS 6D Mark II', 'EOS 5DS', 'EOS R6'];
export const SILVER_BODIES = ['EOS 80D', 'EOS 90D', 'EOS R7', 'EOS R8'];
export const PLATINUM_LENSES = ['EF 24-70mm f/2.8L II USM', 'EF 70-200mm f/2.8L IS III USM', 'RF 50mm F1.2 L USM', 'RF 15-35mm F2.8 L IS USM', 'EF 85mm f/1.4L IS USM'];
export const GOLD_LENSES = ['RF 100-500mm F4.5-7.1 L IS USM', 'EF 100mm f/2.8L Macro IS USM', 'EF 24-105mm f/4L IS II USM', 'RF 24-105mm F4 L IS USM'];
export const SILVER_LENSES = ['EF 100mm f/2.8 Macro USM', 'EF-S 17-55mm f/2.8 IS USM'];

export const platinumKit = (): string[] => [...PLATINUM_BODIES.slice(0, 3), ...PLATINUM_LENSES.slice(0, 4)];

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** A private copy of the real rules/ directory, removed after the test file. */
export async function copyOfRules(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cps-rules-'));
  temps.push(dir);
  await fs.cp(RULES_DIR, dir, { recursive: true });
  return dir;
}

export async function readJson<T = any>(dir: string, file: string): Promise<T> {
  return JSON.parse(await fs.readFile(path.join(dir, file), 'utf8')) as T;
}

export async function writeJson(dir: string, file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await fs.writeFile(path.join(dir, file), JSON.stringify(value, null, 2) + '\n');
}

/** Edits one rule file of a copy, as a policy owner would. */
export async function editJson<T = any>(dir: string, file: string, edit: (value: T) => void): Promise<void> {
  const value = await readJson<T>(dir, file);
  edit(value);
  await writeJson(dir, file, value);
}

/** The tier rule of tiers.json for a tier, to change its thresholds. */
export function tierRule(tiers: any, tier: string): any {
  return tiers.rules.find((r: any) => r.event.params?.tier === tier);
}

export function threshold(rule: any, fact: 'bodiesCountingTowards' | 'lensesCountingTowards'): any {
  return rule.conditions.all.find((c: any) => c.fact === fact);
}

/** A complete pack of kind "country" (one file per country), as a regional team writes it; override any property. */
export function countryPack(code: string, name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'country',
    version: '1.0.0',
    code,
    name,
    maxTier: 'SILVER',
    language: 'en',
    handlerTeam: { name: `CPS handler team ${name}`, email: `cps-${code.toLowerCase()}@cps.example` },
    onSiteSupport: false,
    servicePoint: { name: `CPS Service Point ${name}`, address: `Main Street 1, 1000 ${name}` },
    dealers: [{ name: `Photo ${name}`, spellings: [`Photo ${name} Ltd`] }],
    ...overrides,
  };
}
