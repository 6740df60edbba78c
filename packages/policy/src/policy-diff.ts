// Every change between two policy versions as a sentence a policy owner reads: thresholds, caps,
// the supported list, countries and their caps, benefits. Compares what the policies decide with
// (their products, countries, benefits and threshold rules), not the files' text.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { TIERS, tierWords } from './tiers';
import type { Benefit, CountryRule, Policy, Tier } from './types';

const capWords = (cap: Tier | null) => (cap ? `up to ${tierWords(cap)}` : 'no tier');

interface Threshold {
  rule: string;
  what: string;
  value: unknown;
}

/** The numbers of the tier rules: "Platinum: lenses" → 4. Read from the tier-thresholds pack. */
async function thresholds(policy: Policy): Promise<Map<string, Threshold>> {
  const found = new Map<string, Threshold>();
  for (const pack of policy.packs().filter((p) => p.kind === 'tier-thresholds')) {
    const json = JSON.parse(await fs.readFile(path.join(policy.dir, pack.file), 'utf8')) as {
      rules: Array<{ name: string; conditions: unknown }>;
    };
    for (const rule of json.rules) {
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (!node || typeof node !== 'object') return;
        const condition = node as { all?: unknown; any?: unknown; not?: unknown; fact?: string; value?: unknown };
        for (const key of ['all', 'any', 'not'] as const) if (condition[key]) visit(condition[key]);
        if (typeof condition.fact === 'string' && typeof condition.value === 'number') {
          const what = condition.fact.replace(/CountingTowards$/, '').replace(/Items$/, ' items');
          found.set(`${rule.name}: ${what}`, { rule: rule.name, what, value: condition.value });
        }
      };
      visit(rule.conditions);
    }
  }
  return found;
}

function benefitChanges(tierName: string, before: Benefit[], after: Benefit[]): string[] {
  const lines: string[] = [];
  const byCode = (list: Benefit[]) => new Map(list.map((b) => [b.code, b]));
  const was = byCode(before);
  const now = byCode(after);
  for (const [code, benefit] of now) {
    const old = was.get(code);
    if (!old) lines.push(`${tierName}: gains "${benefit.name}" (${code}).`);
    else if (old.name !== benefit.name || old.description !== benefit.description) lines.push(`${tierName}: "${old.name}" (${code}) is reworded.`);
  }
  for (const [code, benefit] of was) if (!now.has(code)) lines.push(`${tierName}: loses "${benefit.name}" (${code}).`);
  return lines;
}

/** Every change from `from` to `to`, one sentence each; [] when they decide alike. */
export async function describePolicyChanges(from: Policy, to: Policy): Promise<string[]> {
  const lines: string[] = [];
  const [before, after] = await Promise.all([thresholds(from), thresholds(to)]);
  for (const [key, threshold] of after) {
    const old = before.get(key);
    if (!old) lines.push(`${key} is now required: at least ${threshold.value}.`);
    else if (old.value !== threshold.value) lines.push(`${key} ${old.value} → ${threshold.value}.`);
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`${key} is no longer required.`);

  const oldProducts = new Map(from.products().map((p) => [p.model, p]));
  const newProducts = new Map(to.products().map((p) => [p.model, p]));
  for (const [model, product] of newProducts) {
    const old = oldProducts.get(model);
    if (!old) lines.push(`${model} now qualifies (${product.countsAs.toLowerCase().replace('_', ' ')}, ${capWords(product.cap)}).`);
    else {
      if (old.cap !== product.cap) lines.push(`${model}: counts ${capWords(old.cap)} → ${capWords(product.cap)}.`);
      if (old.supported && !product.supported) lines.push(`${model} leaves the supported list: it counts for nothing from then on.`);
      if (!old.supported && product.supported) lines.push(`${model} returns to the supported list.`);
    }
  }
  for (const model of oldProducts.keys()) if (!newProducts.has(model)) lines.push(`${model} no longer qualifies.`);

  const oldCountries = new Map(from.countries().map((c) => [c.code, c]));
  const newCountries = new Map(to.countries().map((c) => [c.code, c]));
  for (const [code, country] of newCountries) {
    const old = oldCountries.get(code);
    if (!old) lines.push(`${country.name} (${code}) joins the programme, ${capWords(country.maxTier)}.`);
    else if (old.maxTier !== country.maxTier) lines.push(`${country.name} (${code}): membership ${capWords(old.maxTier)} → ${capWords(country.maxTier)}.`);
    if (old && !old.closed && country.closed) lines.push(`${country.name} (${code}) closes: no new members; members there qualify for no tier from the next 1 January.`);
    if (old?.closed && !country.closed) lines.push(`${country.name} (${code}) opens again.`);
    const details = countryDetailChanges(old, country);
    if (details.length) lines.push(`${country.name} (${code}): ${details.join('; ')}.`);
  }
  for (const [code, country] of oldCountries) if (!newCountries.has(code)) lines.push(`${country.name} (${code}) leaves the programme.`);

  for (const tier of TIERS) lines.push(...benefitChanges(tierWords(tier), from.benefits(tier, false), to.benefits(tier, false)));
  const videoOnly = (policy: Policy) => {
    const photo = new Set(policy.benefits(null, false).map((b) => b.code));
    return policy.benefits(null, true).filter((b) => !photo.has(b.code));
  };
  lines.push(...benefitChanges('Video membership', videoOnly(from), videoOnly(to)));
  const [oldSupport, newSupport] = [from.supportContact(), to.supportContact()];
  if (JSON.stringify(oldSupport) !== JSON.stringify(newSupport)) {
    lines.push(`The support address: ${oldSupport?.email ?? 'none'} → ${newSupport?.email ?? 'none'}.`);
  }
  return lines;
}

/** What a regional team changed in a country file beyond its cap: team, dealers, on-site support. */
function countryDetailChanges(old: CountryRule | undefined, country: CountryRule): string[] {
  if (!old) return [];
  const changes: string[] = [];
  if (old.handlerTeam.email !== country.handlerTeam.email) changes.push(`handler team ${old.handlerTeam.email} → ${country.handlerTeam.email}`);
  if (old.onSiteSupport !== country.onSiteSupport) changes.push(country.onSiteSupport ? 'on-site support offered' : 'on-site support no longer offered');
  const oldDealers = new Set(old.dealers.map((d) => d.name));
  const newDealers = new Set(country.dealers.map((d) => d.name));
  for (const name of newDealers) if (!oldDealers.has(name)) changes.push(`dealer "${name}" authorised`);
  for (const name of oldDealers) if (!newDealers.has(name)) changes.push(`dealer "${name}" no longer authorised`);
  return changes;
}
