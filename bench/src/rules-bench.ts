import { builtInPlugins, loadPolicy, readRuleFiles, type MemberFacts, type Policy } from '@cps/policy';
import { Engine, Fact, type RuleProperties } from 'json-rules-engine';
import { PopulationGenerator, type CatalogueProduct } from './population';
import type { RowBatch } from './rows';
import { engineFactValues, yardstick } from './yardstick';

export interface Rate {
  evaluations: number;
  seconds: number;
  perSecond: number;
}

/** The verdict memo over one population it has never seen, each member evaluated once (as the 1 January run does). */
export interface MemoFigures {
  members: number;
  /** Evaluations/s of `policy.evaluate` with the memo as the services run it (time spent generating members left out). */
  rate: Rate;
  /** Different fact combinations the engine had to decide (the misses of a memo without a bound). */
  distinctCombinations: number;
  /** Share of evaluations the memo answered, with its bound as the services run it. */
  hitRate: number;
  memoLimit: number;
}

export interface RulesFigures {
  sampleMembers: number;
  averageItems: number;
  /** json-rules-engine on every member: `policy.evaluate` with the verdict memo off. */
  engineAlone: Rate;
  /** Engine.run alone on the same rules and members, the facts given as values: what json-rules-engine itself allows. */
  engineFloor: Rate;
  yardstick: Rate;
  /** yardstick evaluations/s ÷ engine-alone evaluations/s: what the engine costs, without a cache in front of it. */
  ratio: number;
  /** Members of the sample on which the yardstick and the engine alone disagree (must be 0). */
  disagreements: number;
  memo: MemoFigures[];
}

export interface RulesBenchInput {
  rulesDir: string;
  products: CatalogueProduct[];
  dealers: Map<string, string[]>;
  /** Members timed through the engine alone and the yardstick, round after round. */
  sampleMembers: number;
  /** Sizes of the fresh populations the memo is measured on (each generated anew). */
  memoPopulations: number[];
  seconds: number;
}

/** The facts of one generated batch of members, as the members subgraph hands them to the policy. */
function factsOf(batch: RowBatch): MemberFacts[] {
  const facts = new Map<number, MemberFacts>(batch.members.map((m) => [m.id, { countryCode: m.countryCode, items: [] }]));
  batch.equipment.forEach((item, i) => facts.get(item.memberId)!.items.push({ id: String(i + 1), model: item.productModel, status: item.status }));
  return [...facts.values()];
}

/**
 * Generated members, batch by batch (a million never sit in memory at once). The generator decides
 * held tiers with a policy of its own, so the policies measured here start with an empty memo.
 */
async function* generatedMembers(input: RulesBenchInput, members: number, seed: number): AsyncGenerator<MemberFacts[]> {
  const generatorPolicy = await loadPolicy(input.rulesDir);
  const generator = new PopulationGenerator(input.products, generatorPolicy, input.dealers, { members, firstId: 1, seed, now: new Date() });
  while (!generator.done) yield factsOf(await generator.batch(10_000));
}

async function timeRounds(seconds: number, round: () => Promise<number>): Promise<Rate> {
  let evaluations = 0;
  const started = performance.now();
  do evaluations += await round();
  while (performance.now() - started < seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  return { evaluations, seconds: elapsed, perSecond: evaluations / elapsed };
}

/** The yardstick agrees with the engine itself (memo off) on every member of the sample. */
async function disagreementsOf(engineAlone: Policy, decide: ReturnType<typeof yardstick>, sample: MemberFacts[]): Promise<number> {
  let disagreements = 0;
  for (const facts of sample) {
    const [engine, plain] = [await engineAlone.evaluate(facts), decide(facts)];
    const same =
      engine.qualifyingTier === plain.qualifyingTier &&
      engine.videoMember === plain.videoMember &&
      JSON.stringify(engine.nextTier) === JSON.stringify(plain.nextTier) &&
      engine.items.every((item, i) => item.counts === plain.counts[i]);
    if (!same) disagreements++;
  }
  return disagreements;
}

/** The tier rules as the rule files give them (the pack of kind "tier-thresholds"). */
async function tierRules(rulesDir: string): Promise<RuleProperties[]> {
  const { files } = await readRuleFiles(rulesDir);
  for (const { text } of files) {
    const pack = JSON.parse(text) as { kind?: string; rules?: RuleProperties[] };
    if (pack.kind === 'tier-thresholds' && pack.rules) return pack.rules;
  }
  throw new Error(`no tier-thresholds pack in ${rulesDir}`);
}

/**
 * json-rules-engine's own floor: one Engine with the same rules and operators, run for every member
 * of the sample with its fact values worked out beforehand, so nothing of ours runs inside the
 * timed runs (no member summary, no verdict, no decision).
 */
async function engineFloor(input: RulesBenchInput, policy: Policy, sample: MemberFacts[]): Promise<Rate> {
  const engine = new Engine(await tierRules(input.rulesDir), { allowUndefinedFacts: false });
  for (const op of builtInPlugins.flatMap((plugin) => plugin.operators ?? [])) engine.addOperator(op.name, op.evaluate);
  const values = engineFactValues(policy);
  // Facts with parameters are functions; uncached, as the policy runs them (caching hashes the params).
  const facts = sample.map((member) =>
    Object.fromEntries(Object.entries(values(member)).map(([id, value]) => [id, typeof value === 'function' ? new Fact(id, value as never, { cache: false }) : value])),
  );
  // The floor decides what the engine decides: its highest met tier rule is the yardstick's tier.
  const decide = yardstick(policy);
  for (const [i, member] of facts.entries()) {
    const { results } = await engine.run(member);
    const met = results.map((r) => r.event?.params?.tier).filter(Boolean);
    const tier = ['PLATINUM', 'GOLD', 'SILVER'].find((t) => met.includes(t)) ?? null;
    if (tier !== decide(sample[i]).qualifyingTier) throw new Error('the engine floor runs other rules or other facts than the yardstick');
  }
  return timeRounds(input.seconds, async () => {
    for (const member of facts) await engine.run(member);
    return facts.length;
  });
}

/**
 * One fresh population through two fresh policies: the memo as the services run it (timed, and
 * its hit rate) and a memo without a bound (its misses are the distinct fact combinations).
 */
async function memoOnFreshPopulation(input: RulesBenchInput, members: number, seed: number): Promise<MemoFigures> {
  const asRun = await loadPolicy(input.rulesDir);
  const unbounded = await loadPolicy(input.rulesDir, { verdictMemo: Number.POSITIVE_INFINITY });
  let seconds = 0;
  let evaluations = 0;
  for await (const batch of generatedMembers(input, members, seed)) {
    const started = performance.now();
    for (const facts of batch) await asRun.evaluate(facts);
    seconds += (performance.now() - started) / 1000;
    evaluations += batch.length;
    for (const facts of batch) await unbounded.evaluate(facts);
  }
  const stats = asRun.verdictMemoStats();
  return {
    members,
    rate: { evaluations, seconds, perSecond: evaluations / seconds },
    distinctCombinations: unbounded.verdictMemoStats().misses,
    hitRate: stats.hits / (stats.hits + stats.misses),
    memoLimit: stats.limit,
  };
}

/**
 * Member tier evaluations per second on this one thread: json-rules-engine on every member (the
 * memo off), beside the plain TypeScript yardstick; then the memo the services run, each time on a
 * population it has not seen, with how many fact combinations there are and how often it answers.
 */
export async function rulesBench(input: RulesBenchInput): Promise<RulesFigures> {
  const sample: MemberFacts[] = [];
  for await (const batch of generatedMembers(input, input.sampleMembers, 4242)) sample.push(...batch);
  const engineAlone = await loadPolicy(input.rulesDir, { verdictMemo: 0 });
  const decide = yardstick(engineAlone);
  const disagreements = await disagreementsOf(engineAlone, decide, sample);

  const engine = await timeRounds(input.seconds, async () => {
    for (const facts of sample) await engineAlone.evaluate(facts);
    return sample.length;
  });
  const floor = await engineFloor(input, engineAlone, sample);
  let sink = 0;
  const plain = await timeRounds(input.seconds, async () => {
    for (const facts of sample) sink += decide(facts).counts.length;
    return sample.length;
  });
  if (sink < 0) throw new Error('unreachable');

  const memo: MemoFigures[] = [];
  // Another seed per size: no population shares its members with the sample or with another size.
  for (const [i, members] of input.memoPopulations.entries()) memo.push(await memoOnFreshPopulation(input, members, 9001 + i));
  return {
    sampleMembers: sample.length,
    averageItems: sample.reduce((n, f) => n + f.items.length, 0) / sample.length,
    engineAlone: engine,
    engineFloor: floor,
    yardstick: plain,
    ratio: plain.perSecond / engine.perSecond,
    disagreements,
    memo,
  };
}
