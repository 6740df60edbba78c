/**
 * The 1 January run over the main population by one members process, then the same work shared
 * by two members processes (each takes free slices of member ids under a lease), from the same
 * starting state: after the first run, every held tier it changed is put back and its history
 * removed, so both runs decide exactly the same falls. The outlook is left out of both: it is
 * per process and not shared.
 */
import type { DataSource } from 'typeorm';
import { runBatchJob } from './batch-job';
import type { JobResult } from './batch-job-child';
import type { Population, SectionOutcome } from './bench-sections';
import { openMembersDatabase } from './databases';
import { formatCount, formatSeconds } from './format';
import type { ReportRow } from './report';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const reasonOf = (asOf: string) => `yearly recalculation as of ${asOf}`;

/** Two 1 January dates no run has used yet. */
async function twoFreshDates(members: DataSource): Promise<[string, string]> {
  const used = new Set(((await members.query('SELECT as_of FROM recalculation_run')) as Array<{ as_of: string }>).map((r) => r.as_of));
  const free: string[] = [];
  for (let year = new Date().getUTCFullYear() + 1; free.length < 2; year++) if (!used.has(`${year}-01-01`)) free.push(`${year}-01-01`);
  return [free[0], free[1]];
}

/** Undoes a run's changes: held tiers and cards as they were before it, its history gone. */
async function undoRun(members: DataSource, asOf: string): Promise<void> {
  const reason = reasonOf(asOf);
  await members.query(
    `UPDATE member m JOIN bench_held_state s ON s.id = m.id
       JOIN (SELECT DISTINCT member_id FROM tier_change WHERE reason = ? OR reason LIKE ?) c ON c.member_id = m.id
       SET m.held_tier = s.held_tier, m.video_member = s.video_member, m.card_requested_at = s.card_requested_at`,
    [reason, `${reason}:%`],
  );
  await members.query('DELETE FROM tier_change WHERE reason = ? OR reason LIKE ?', [reason, `${reason}:%`]);
}

const runOnly = (population: Population, asOf: string, runner: string) =>
  runBatchJob({ job: 'recalculate', env: population.env, asOf, outlookFirst: false, runner });

export async function sharedRunSection(population: Population, db: string): Promise<SectionOutcome> {
  const section = `1 January run shared by instances (${db})`;
  if (db !== 'mysql') {
    return { figures: null, rows: [{ section, measure: 'one vs two members processes', measured: 'not measured: two processes share a run on MariaDB (SQLite has one writer)', target: '—', verdict: 'not measured' }] };
  }
  const members = await openMembersDatabase(population.env);
  try {
    await members.query('DROP TABLE IF EXISTS bench_held_state');
    await members.query('CREATE TABLE bench_held_state AS SELECT id, held_tier, video_member, card_requested_at FROM member');
    const [alone, shared] = await twoFreshDates(members);
    const one = await runOnly(population, alone, 'one');
    await undoRun(members, alone);
    const started = performance.now();
    const two = await Promise.all([runOnly(population, shared, 'first'), runOnly(population, shared, 'second')]);
    const sharedWall = (performance.now() - started) / 1000;
    // From the moment each process was ready to run until the last one finished.
    const sharedSeconds = Math.max(...two.map((job) => job.seconds!));
    await undoRun(members, shared);
    const figures = { one, two, sharedWallSeconds: sharedWall };
    const decided = (job: JobResult) => job.answer as { membersProcessed: number; downgraded: number; state: string };
    const [runs] = await members.query('SELECT processed FROM recalculation_run WHERE as_of = ?', [shared]);
    const slices: Array<{ processed: number }> = await members.query('SELECT processed FROM recalculation_range WHERE as_of = ?', [shared]);
    const sharedProcessed = slices.reduce((sum, s) => sum + Number(s.processed), Number(runs?.processed ?? 0));
    const same = sharedProcessed === decided(one).membersProcessed;
    const rows: ReportRow[] = [
      {
        section,
        measure: `${formatCount(decided(one).membersProcessed)} members, one members process (the run alone, no outlook)`,
        measured: `${formatSeconds(one.seconds!)}, ${formatCount(decided(one).membersProcessed / one.seconds!)} members/s; the process busy ${percent(one.cpuSeconds! / one.seconds!)} of the time (the rest waiting on the database)`,
        target: '—',
        verdict: '—',
      },
      {
        section,
        measure: `the same members from the same state, two members processes sharing the run (${slices.length} slices)`,
        measured: `${formatSeconds(sharedSeconds)} (${(one.seconds! / sharedSeconds).toFixed(2)}× one process); the two processes busy ${percent(two.reduce((sum, job) => sum + job.cpuSeconds!, 0) / sharedSeconds)} of one core together; ${formatCount(sharedProcessed)} decided ${same ? '=' : '≠'} one process's`,
        target: 'every member decided once',
        verdict: same ? 'met' : `missed (${sharedProcessed} vs ${decided(one).membersProcessed})`,
      },
    ];
    return { figures, rows };
  } finally {
    await members.query('DROP TABLE IF EXISTS bench_held_state').catch(() => undefined);
    await members.destroy();
  }
}
