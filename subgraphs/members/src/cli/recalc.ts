import { parseArgs } from 'node:util';
import { progressReporter } from '@cps/policy';
import { recalculateMemberships } from '../domain/recalculation';
import { withMembersDatabase } from './with-members-database';

/**
 * `npm run recalc -- --as-of 2027-01-01 [--batch-size 2000]`: the yearly recalculation on the
 * database the members service uses (same settings). Safe to interrupt and run again.
 */
export async function runRecalcCli(argv: string[], env = process.env): Promise<number> {
  const usage = 'usage: npm run recalc -- --as-of YYYY-MM-DD [--batch-size N]\n';
  let values: { 'as-of'?: string; 'batch-size'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'as-of': { type: 'string' }, 'batch-size': { type: 'string' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const asOf = values['as-of'];
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (!asOf || (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0))) {
    process.stderr.write(usage);
    return 2;
  }
  return withMembersDatabase(async ({ dataSource, policy }) => {
    let bar: ReturnType<typeof progressReporter> | undefined;
    try {
      const started = Date.now();
      const report = await recalculateMemberships(dataSource, policy, asOf, {
        batchSize,
        onProgress: (done, total) => {
          bar ??= progressReporter('recalculating memberships', total);
          bar.update(done);
        },
      });
      bar?.stop();
      process.stdout.write(
        `Recalculation as of ${report.asOf} (policy ${policy.version}): ${report.membersProcessed} members, ` +
          `${report.upgraded} upgraded, ${report.downgraded} downgraded, ${report.unchanged} unchanged ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
      return 0;
    } finally {
      bar?.stop();
    }
  }, env);
}

if (require.main === module) {
  runRecalcCli(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
