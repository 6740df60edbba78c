import type { MemberFacts, Policy } from '@cps/policy';
import { PopulationGenerator, type CatalogueProduct } from './population';
import { yardstick } from './yardstick';

export interface RulesFigures {
  sampleMembers: number;
  averageItems: number;
  engine: { evaluations: number; seconds: number; perSecond: number };
  yardstick: { evaluations: number; seconds: number; perSecond: number };
  /** yardstick evaluations/s ÷ engine evaluations/s */
  ratio: number;
  /** Members of the sample on which the yardstick and the engine disagree (must be 0). */
  disagreements: number;
}

/** The facts of a generated sample of members, as the members subgraph hands them to the policy. */
export async function sampleFacts(products: CatalogueProduct[], policy: Policy, dealers: Map<string, string[]>, members: number): Promise<MemberFacts[]> {
  const generator = new PopulationGenerator(products, policy, dealers, { members, firstId: 1, seed: 4242, now: new Date() });
  const batch = await generator.batch(members);
  const country = new Map(batch.members.map((m) => [m.id, m.countryCode]));
  const facts = new Map<number, MemberFacts>(batch.members.map((m) => [m.id, { countryCode: country.get(m.id)!, items: [] }]));
  batch.equipment.forEach((item, i) => facts.get(item.memberId)!.items.push({ id: String(i + 1), model: item.productModel, status: item.status }));
  return [...facts.values()];
}

/**
 * Member tier evaluations per second through json-rules-engine (`policy.evaluate`, one after the
 * other, on this one thread) over a realistic sample, beside the plain TypeScript yardstick.
 */
export async function rulesBench(policy: Policy, sample: MemberFacts[], seconds: number): Promise<RulesFigures> {
  const decide = yardstick(policy);
  let disagreements = 0;
  for (const facts of sample) {
    const [engine, plain] = [await policy.evaluate(facts), decide(facts)];
    const same =
      engine.qualifyingTier === plain.qualifyingTier &&
      engine.videoMember === plain.videoMember &&
      JSON.stringify(engine.nextTier) === JSON.stringify(plain.nextTier) &&
      engine.items.every((item, i) => item.counts === plain.counts[i]);
    if (!same) disagreements++;
  }

  const timeEngine = async () => {
    let evaluations = 0;
    const started = performance.now();
    do {
      for (const facts of sample) await policy.evaluate(facts);
      evaluations += sample.length;
    } while (performance.now() - started < seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    return { evaluations, seconds: elapsed, perSecond: evaluations / elapsed };
  };
  const timeYardstick = () => {
    let evaluations = 0;
    let sink = 0;
    const started = performance.now();
    do {
      for (const facts of sample) sink += decide(facts).counts.length;
      evaluations += sample.length;
    } while (performance.now() - started < seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    if (sink < 0) throw new Error('unreachable');
    return { evaluations, seconds: elapsed, perSecond: evaluations / elapsed };
  };
  const engine = await timeEngine();
  const plain = timeYardstick();
  return {
    sampleMembers: sample.length,
    averageItems: sample.reduce((n, f) => n + f.items.length, 0) / sample.length,
    engine,
    yardstick: plain,
    ratio: plain.perSecond / engine.perSecond,
    disagreements,
  };
}
