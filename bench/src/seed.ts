/**
 * `npm run seed -- --members N`: fills the databases the services use (the same DB, DATA_DIR,
 * MYSQL_URL and DB_NAME_PREFIX settings as `npm start`) with a generated population.
 */
process.env.LOG_LEVEL ??= 'warn';
import type { Env } from '@cps/service-kit';
import { choiceArg, countArg, parseArgs, stringArg } from './cli-args';
import { formatCount, formatSeconds, progressLine } from './format';
import { NotEmptyError, seedPopulation } from './seed-population';

const USAGE = `npm run seed -- --members N [--db sqlite|mysql] [--mysql-url URL] [--prefix cps_] [--data-dir DIR]
                   [--reset] [--seed 20260101] [--batch 5000]`;

/** The services' environment with the command line's choices on top. */
export function seedEnv(args: ReturnType<typeof parseArgs>, base: Env = process.env): Env {
  const env: Env = { ...base };
  if (args.has('db')) env.DB = choiceArg(args, 'db', ['sqlite', 'mysql'] as const, 'sqlite');
  if (args.has('mysql-url')) env.MYSQL_URL = stringArg(args, 'mysql-url');
  if (args.has('prefix')) env.DB_NAME_PREFIX = stringArg(args, 'prefix');
  if (args.has('data-dir')) env.DATA_DIR = stringArg(args, 'data-dir');
  return env;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    members: 'value',
    db: 'value',
    'mysql-url': 'value',
    prefix: 'value',
    'data-dir': 'value',
    reset: 'flag',
    seed: 'value',
    batch: 'value',
    help: 'flag',
  });
  if (args.has('help')) return void console.log(USAGE);
  const env = seedEnv(args);
  const members = countArg(args, 'members', 10_000);
  const where = (env.DB ?? 'sqlite') === 'mysql' ? `MySQL (${env.DB_NAME_PREFIX ?? 'cps_'}*)` : `SQLite (${env.DATA_DIR ?? 'data/'})`;
  console.log(`Seeding ${formatCount(members)} members into ${where}${args.has('reset') ? ', after dropping the databases' : ''}.`);
  const progress = progressLine('members');
  const result = await seedPopulation({
    env,
    members,
    seed: countArg(args, 'seed', 20260101),
    batchSize: countArg(args, 'batch', 5000),
    reset: args.has('reset'),
    onProgress: progress.update,
  });
  progress.done();
  const { stats } = result;
  console.log(
    [
      `Seeded ${formatCount(result.members)} members and ${formatCount(result.items)} items in ${formatSeconds(result.seconds)} ` +
        `(${formatCount(Math.round(result.membersPerSecond))} members/s).`,
      `  items by status: ${Object.entries(stats.byStatus).map(([s, n]) => `${s} ${formatCount(n)}`).join(', ')}`,
      `  held tiers: ${Object.entries(stats.heldTiers).map(([t, n]) => `${t === 'null' ? 'none' : t} ${formatCount(n)}`).join(', ')}` +
        ` (${formatCount(stats.heldAboveQualifying)} hold a tier their equipment no longer gives: the 1 January run lowers it)`,
      `  ${Object.keys(stats.byCountry).length} countries; policy ${result.policyVersion}; ${formatCount(stats.evaluations)} policy evaluations`,
    ].join('\n'),
  );
}

main().catch((error: Error) => {
  console.error(error instanceof NotEmptyError ? `seed: ${error.message}` : error);
  console.error(`usage: ${USAGE}`);
  process.exit(1);
});
