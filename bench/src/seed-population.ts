import { defaultRulesDir, loadPolicy } from '@cps/policy';
import type { Env } from '@cps/service-kit';
import { dropDatabases, openMembersDatabase, prepareReferenceData, readCatalogue, readDealers } from './databases';
import { openMembersWriter } from './members-writer';
import { PopulationGenerator, type PopulationStats } from './population';

export interface SeedOptions {
  /** The services' settings: DB, DATA_DIR, MYSQL_URL, DB_NAME_PREFIX, RULES_DIR. */
  env: Env;
  members: number;
  seed?: number;
  /** Members per transaction. */
  batchSize?: number;
  /** Drop the three databases first. Without it the members database must be empty. */
  reset?: boolean;
  /** Extra members with exactly this many ACTIVE items each, after the population (benchmark probes). */
  probes?: number[];
  now?: Date;
  onProgress?: (written: number, total: number) => void;
}

export interface SeedResult {
  members: number;
  items: number;
  tierChanges: number;
  seconds: number;
  membersPerSecond: number;
  stats: PopulationStats;
  probes: Array<{ items: number; memberId: number }>;
  policyVersion: string;
}

export class NotEmptyError extends Error {}

/**
 * Fills the databases with a generated population: catalogue and regions migrated and seeded as
 * on a first start, the members database migrated by its own migrations, then members, items and
 * tier history written in bulk, one transaction per batch, generating the next batch while the
 * database writes the last one.
 */
export async function seedPopulation(options: SeedOptions): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const { env } = options;
  if (options.reset) await dropDatabases(env);
  await prepareReferenceData(env);
  const [products, dealers, policy] = await Promise.all([
    readCatalogue(env),
    readDealers(env),
    loadPolicy(defaultRulesDir(env)),
  ]);
  const members = await openMembersDatabase(env);
  try {
    const [{ n }] = await members.query('SELECT COUNT(*) AS n FROM member');
    if (Number(n) > 0) {
      throw new NotEmptyError(`the members database already has ${n} members: seed with --reset to start afresh`);
    }
    const generator = new PopulationGenerator(products, policy, dealers, {
      members: options.members,
      firstId: 1,
      seed: options.seed ?? 20260101,
      now: options.now ?? new Date(),
    });
    const writer = await openMembersWriter(members);
    let written = 0;
    let tierChanges = 0;
    try {
      let writing: Promise<void> | null = null;
      while (!generator.done) {
        const batch = await generator.batch(options.batchSize ?? 5000);
        if (writing) await writing;
        tierChanges += batch.tierChanges.length;
        writing = writer.write(batch).then(() => {
          written += batch.members.length;
          options.onProgress?.(written, options.members);
        });
      }
      if (writing) await writing;
      const probes: SeedResult['probes'] = [];
      for (const items of options.probes ?? []) {
        const probe = await generator.probe(items);
        await writer.write(probe);
        tierChanges += probe.tierChanges.length;
        probes.push({ items, memberId: probe.memberId });
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return {
        members: generator.stats.members,
        items: generator.stats.items,
        tierChanges,
        seconds,
        membersPerSecond: generator.stats.members / seconds,
        stats: generator.stats,
        probes,
        policyVersion: policy.version,
      };
    } finally {
      await writer.close();
    }
  } finally {
    await members.destroy();
  }
}
