import { parseArgs } from 'node:util';
import { progressReporter } from '@cps/policy';
import { lastFirstOfJanuary } from '@cps/service-kit';
import { recalculateMemberships, recalculationReport } from '../domain/recalculation';
import { withMembersDatabase } from './with-members-database';

/**
 * `npm run recalc [-- --as-of 2027-01-01] [--batch-size 2000]`: the yearly recalculation on the
 * database the members service uses (same settings), by default for the latest 1 January that has
 * come (programme time). Safe to interrupt and run again; a completed run is reported, not redone.
 */
export async function runRecalcCli(argv: string[], env = process.env): Promise<number> {
  const usage = 'usage: npm run recalc [-- --as-of YYYY-01-01] [--batch-size N]\n';
  let values: { 'as-of'?: string; 'batch-size'?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'as-of': { type: 'string' }, 'batch-size': { type: 'string' } } }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    process.stderr.write(usage);
    return 2;
  }
  return withMembersDatabase(async ({ dataSource, policy, config }) => {
    let bar: ReturnType<typeof progressReporter> | undefined;
    try {
      const started = Date.now();
      const asOf = values['as-of'] ?? lastFirstOfJanuary(config.clock.now(), config.timeZone);
      const before = await recalculationReport(dataSource, asOf);
      if (before?.state === 'COMPLETED') {
        process.stdout.write(`The run as of ${asOf} was completed on ${before.completedAt!.toISOString()} (policy ${before.policyVersion}): nothing to do.\n`);
      }
      const report = await recalculateMemberships(dataSource, policy, asOf, {
        now: () => config.clock.now(),
        timeZone: config.timeZone,
        batchSize,
        onProgress: (done, total) => {
          bar ??= progressReporter('recalculating memberships', total);
          bar.update(done);
        },
      });
      bar?.stop();
      if (report.state === 'RUNNING') {
        process.stdout.write(`The run as of ${asOf} is running on another members instance (${report.membersProcessed} members so far).\n`);
        return 0;
      }
      process.stdout.write(
        `Recalculation as of ${report.asOf} (policy ${report.policyVersion}): ${report.membersProcessed} members, ` +
          `${report.upgraded} upgraded, ${report.downgraded} downgraded, ${report.unchanged} unchanged ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
      );
      return 0;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
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
