import { Engine, type EngineResult, type RuleProperties } from 'json-rules-engine';
import type { OperatorDefinition } from './plugins/plugin';

/** One engine with the policy's rules and the plugins' operators. */
export function buildEngine(rules: readonly RuleProperties[], operators: readonly OperatorDefinition[]): Engine {
  // Engines keep references to the rule objects: each gets its own copy.
  const engine = new Engine(rules.map((r) => structuredClone(r)), { allowUndefinedFacts: false });
  for (const op of operators) engine.addOperator(op.name, op.evaluate);
  return engine;
}

/**
 * Reusable engines for one compiled policy.
 * Why a pool and not a single engine: json-rules-engine keeps its run status on the Engine, and a run
 * that finishes while another run on the same engine is starting makes the later run skip its rules
 * (seen with overlapping evaluations). Each in-flight evaluation therefore borrows its own engine;
 * engines are built once and reused, never built per member.
 */
export class EnginePool {
  private readonly idle: Engine[] = [];

  constructor(
    private readonly build: () => Engine,
    private readonly maxIdle = 32,
  ) {
    this.idle.push(build()); // fail now, at load time, if the rules cannot form an engine
  }

  async run(facts: Record<string, unknown>): Promise<EngineResult> {
    const engine = this.idle.pop() ?? this.build();
    try {
      return await engine.run(facts);
    } finally {
      if (this.idle.length < this.maxIdle) this.idle.push(engine);
    }
  }
}
