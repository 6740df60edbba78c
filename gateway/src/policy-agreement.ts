import { readWholeNumber, type Env } from '@cps/service-kit';

export interface PolicyAgreementSettings {
  /** POLICY_DISAGREEMENT_MS: how long instances of one subgraph may serve different policies before it shows (a reload takes about a second). */
  toleranceMs: number;
  /** SUBGRAPH_HEALTH_POLL_MS: how often the gateway asks each subgraph (behind a balancer, the next instance each time). */
  pollMs: number;
}

export function readPolicyAgreementSettings(env: Env): PolicyAgreementSettings {
  return {
    toleranceMs: readWholeNumber(env, 'POLICY_DISAGREEMENT_MS', 5000, { min: 500, max: 3_600_000, must: 'milliseconds from 500 to 3600000' }),
    pollMs: readWholeNumber(env, 'SUBGRAPH_HEALTH_POLL_MS', 1000, { min: 100, max: 60_000, must: 'milliseconds from 100 to 60000' }),
  };
}

export interface SubgraphAgreement {
  /** The policy version each instance seen lately serves. */
  instances: Record<string, string>;
  agree: boolean;
  /** Since when the instances have served different versions. */
  disagreeingSince?: string;
  /** True once they have disagreed for longer than the tolerance: rule files differ between machines. */
  degraded: boolean;
}

interface Sighting {
  version: string;
  seenAt: number;
}

/**
 * Which policy each instance of each subgraph serves, from their health reports. Instances behind
 * one balancer are told apart by the instance id on the report. Two versions at once are normal
 * for the second a reload takes; for longer, some machine has other rule files (or a scheduled
 * version's checks failed on one of them), which the gateway's health then shows.
 */
export class PolicyAgreement {
  private readonly seen = new Map<string, Map<string, Sighting>>();
  private readonly disagreeingSince = new Map<string, number>();

  constructor(
    private readonly toleranceMs: number,
    /** An instance not seen for this long is gone (stopped, or replaced). */
    private readonly forgetMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(subgraph: string, instance: string, version: string): void {
    const instances = this.seen.get(subgraph) ?? new Map<string, Sighting>();
    this.seen.set(subgraph, instances);
    instances.set(instance, { version, seenAt: this.now() });
    this.forgetGone(instances);
    const versions = new Set([...instances.values()].map((s) => s.version));
    if (versions.size <= 1) this.disagreeingSince.delete(subgraph);
    else if (!this.disagreeingSince.has(subgraph)) this.disagreeingSince.set(subgraph, this.now());
  }

  report(): Record<string, SubgraphAgreement> {
    return Object.fromEntries(
      [...this.seen].map(([subgraph, instances]) => {
        this.forgetGone(instances);
        const since = this.disagreeingSince.get(subgraph);
        const agreement: SubgraphAgreement = {
          instances: Object.fromEntries([...instances].map(([instance, s]) => [instance, s.version])),
          agree: since === undefined,
          degraded: since !== undefined && this.now() - since > this.toleranceMs,
          ...(since === undefined ? {} : { disagreeingSince: new Date(since).toISOString() }),
        };
        return [subgraph, agreement];
      }),
    );
  }

  private forgetGone(instances: Map<string, Sighting>): void {
    for (const [instance, sighting] of instances) if (this.now() - sighting.seenAt > this.forgetMs) instances.delete(instance);
  }
}
