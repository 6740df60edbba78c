import type { EngineResult, RuleProperties } from 'json-rules-engine';
import type { FactDefinition } from './plugins/plugin';
import type { MemberSummary } from './member-summary';
import { verdictFrom, type Verdict } from './verdict';

interface FactInput {
  fact: FactDefinition;
  params: Record<string, unknown>;
}

/** Every (fact, params) a rule reads, once each, from the rules' condition trees. */
function factInputs(rules: readonly RuleProperties[], facts: ReadonlyMap<string, FactDefinition>): FactInput[] {
  const seen = new Map<string, FactInput>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const key of ['all', 'any', 'not']) if (key in record) visit(record[key]);
    for (const ref of [record, record.value]) {
      const id = (ref as Record<string, unknown> | undefined)?.fact;
      const fact = typeof id === 'string' ? facts.get(id) : undefined;
      if (!fact) continue;
      const params = ((ref as Record<string, unknown>).params ?? {}) as Record<string, unknown>;
      seen.set(`${id}${JSON.stringify(params)}`, { fact, params });
    }
  };
  for (const rule of rules) visit(rule.conditions);
  return [...seen.values()];
}

/** How the memo did so far: `misses` are the engine's own runs (with no bound: the distinct fact combinations). */
export interface VerdictMemoStats {
  hits: number;
  misses: number;
  entries: number;
  limit: number;
}

/**
 * The engine's verdicts, remembered by what the engine reads. The rules see a member only through
 * their facts (counts per tier, the country's cap, Pro Video items), so two members with the same
 * fact values get the same rule results: the engine decides each combination once, and later
 * members with it reuse that result. The decision is still the engine's; bounded (least recently
 * used out), per policy. A limit of 0 remembers nothing: the engine decides every member.
 */
export class EngineResultMemo {
  private readonly inputs: FactInput[];
  private readonly verdicts = new Map<string, Verdict>();
  private hits = 0;
  private misses = 0;

  constructor(
    rules: readonly RuleProperties[],
    private readonly facts: ReadonlyMap<string, FactDefinition>,
    // The common combinations fit easily; the bound keeps the memory of a yearly run flat however
    // many members it decides (the least recently used verdict makes room).
    private readonly limit = 10_000,
  ) {
    this.inputs = factInputs(rules, facts);
  }

  /** What the rules would read of this member, as one string. */
  keyOf(member: MemberSummary): string {
    let key = '';
    for (const input of this.inputs) key += `${String(input.fact.value(member, input.params))}|`;
    return key;
  }

  /** The verdict for this member's facts: remembered from an equal member, or the engine's, run now. */
  verdictFor(member: MemberSummary, run: () => Promise<EngineResult>): Verdict | Promise<Verdict> {
    if (this.limit === 0) {
      this.misses++;
      return run().then((result) => verdictFrom(result, this.facts, member));
    }
    const key = this.keyOf(member);
    const known = this.verdicts.get(key);
    if (!known) {
      this.misses++;
      return this.decideNow(key, member, run);
    }
    this.hits++;
    // Least recently used first: a hit moves to the back of the Map's insertion order.
    this.verdicts.delete(key);
    this.verdicts.set(key, known);
    return known;
  }

  stats(): VerdictMemoStats {
    return { hits: this.hits, misses: this.misses, entries: this.verdicts.size, limit: this.limit };
  }

  private async decideNow(key: string, member: MemberSummary, run: () => Promise<EngineResult>): Promise<Verdict> {
    const verdict = verdictFrom(await run(), this.facts, member);
    if (this.verdicts.size >= this.limit) this.verdicts.delete(this.verdicts.keys().next().value!);
    this.verdicts.set(key, verdict);
    return verdict;
  }
}
