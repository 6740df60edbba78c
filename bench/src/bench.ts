/**
 * `npm run bench` (after `npm run build`): seeds its own databases, measures, prints one table and
 * writes the same figures as JSON under bench/results/. See the README's "Benchmarks".
 */
process.env.LOG_LEVEL ??= 'warn';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Env } from '@cps/service-kit';
import { populationEnv, readBenchSettings, USAGE, type BenchSettings, type Section } from './bench-settings';
import {
  dashboardSection,
  log,
  ONE_MILLION,
  population,
  previewSection,
  recalcSection,
  rulesSection,
  seedRows,
  statementsSection,
  type Population,
  type SectionOutcome,
} from './bench-sections';
import { peerSection } from './peer-bench';
import { publicSection } from './public-bench';
import { sharedRunSection } from './shared-run-bench';
import { dropDatabases, withMysqlServer } from './databases';
import { databaseServerPids, watchCpu } from './cpu-watch';
import { machineInfo } from './machine';
import { profilesIn, summariseProfile } from './profile-summary';
import { renderTable, writeResults, type ReportRow } from './report';
import { deploymentSecrets, startServices } from './services';

const PROBES = [1, 10, 50]; // members with exactly this many items, written after the population

async function databaseVersion(env: Env): Promise<string> {
  if (env.DB === 'mysql') {
    return withMysqlServer(env.MYSQL_URL!, async (server) => `MariaDB/MySQL ${(await server.query('SELECT VERSION() AS v'))[0].v}`);
  }
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  const version = db.prepare('SELECT sqlite_version() AS v').get().v;
  db.close();
  return `SQLite ${version} (better-sqlite3)`;
}

async function run(s: BenchSettings): Promise<void> {
  const startedAt = new Date();
  // A snapshot of the rules: an edit during the run must not change what is measured.
  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cps-bench-rules-'));
  fs.cpSync(s.sourceRulesDir, rulesDir, { recursive: true });
  // The services run as deployed (NODE_ENV=production), which refuses the documented development secrets.
  const envMain = { ...populationEnv(s, 'main', rulesDir), ...deploymentSecrets() };
  const envSmall = populationEnv(s, 'small', rulesDir);
  const secret = envMain.AUTH_SECRET!;

  const rows: ReportRow[] = [];
  const results: Record<string, unknown> = {
    startedAt: startedAt.toISOString(),
    settings: { ...s, sections: [...s.sections], mysqlUrl: s.mysqlUrl ? '(set)' : undefined },
    machine: machineInfo(await databaseVersion(envMain)),
    errors: {} as Record<string, string>,
  };
  const ourPids: number[] = [process.pid];
  const otherCpu: Record<string, number | null> = {};
  results.otherCpu = otherCpu;
  /** Runs one section; a failure is reported in the table and the run goes on with the next. */
  const attempt = async (name: string, section: () => Promise<SectionOutcome | null>) => {
    const cpu = watchCpu(() => [...ourPids, ...(s.db === 'mysql' ? databaseServerPids() : [])]);
    try {
      const outcome = await section();
      otherCpu[name] = cpu.stop();
      if (outcome) {
        rows.push(...outcome.rows);
        results[name] = outcome.figures;
      }
    } catch (error) {
      const message = (error as Error).message.split('\n')[0];
      log(`${name} failed: ${(error as Error).stack}`);
      (results.errors as Record<string, string>)[name] = (error as Error).stack ?? message;
      rows.push({ section: name, measure: 'section failed', measured: message, target: '—', verdict: 'not measured' });
    }
  };

  try {
    let main: Population | null = null;
    await attempt('seed', async () => {
      main = await population(envMain, s.members, PROBES, s.reuse, 'main');
      return { rows: seedRows(main, s.db, s.db === 'mysql' && s.members === ONE_MILLION), figures: main.seed };
    });
    if (!main) throw new Error('no population to measure');
    const seeded: Population = main;

    if (s.sections.has('rules')) await attempt('rules', () => rulesSection(envMain, rulesDir, Math.min(5, s.seconds), s.memoPopulations));

    if (['statements', 'dashboard', 'peer', 'public'].some((name) => s.sections.has(name as Section))) {
      log('Starting the three subgraphs and the gateway (four processes, NODE_ENV=production) ...');
      const profileDir = s.profile ? path.join(__dirname, '..', 'results', 'profiles', startedAt.toISOString().replace(/[:.]/g, '-')) : undefined;
      const services = await startServices(envMain, { profileDir });
      ourPids.push(...Object.values(services.pids()));
      try {
        if (s.sections.has('statements')) await attempt('statements', () => statementsSection(services, seeded, secret));
        if (s.sections.has('dashboard')) {
          await attempt('dashboard', () => dashboardSection(services, seeded, secret, { connections: s.connections, seconds: s.seconds, warmupSeconds: s.warmupSeconds }));
        }
        const load = { connections: s.connections, seconds: s.seconds, warmupSeconds: s.warmupSeconds, log };
        if (s.sections.has('peer')) await attempt('peer', () => peerSection(services, seeded, secret, load));
        if (s.sections.has('public')) await attempt('public', () => publicSection(services, load));
      } finally {
        await services.stop();
      }
      if (profileDir) {
        const profiles = profilesIn(profileDir, services.pids());
        results.profiles = Object.fromEntries(Object.entries(profiles).map(([name, file]) => [name, { file, ...summariseProfile(file) }]));
        for (const [name, file] of Object.entries(profiles)) {
          const { busyShare, owners } = summariseProfile(file);
          rows.push({
            section: 'CPU profiles of the services (--profile; the whole time they ran)',
            measure: `${name}: busy ${Math.round(busyShare * 100)}% of its wall time`,
            measured: owners.map((o) => `${o.owner} ${Math.round(o.share * 100)}%`).join(', '),
            target: '—',
            verdict: '—',
          });
        }
      }
    }

    if (s.sections.has('recalc') || s.sections.has('preview')) {
      let small: Population | null = null;
      await attempt('seedSmall', async () => {
        small = await population(envSmall, s.smallMembers, [], s.reuse, 'small');
        return { rows: [], figures: small.seed };
      });
      if (small) {
        const both: Population = small;
        if (s.sections.has('recalc')) await attempt('recalculation', () => recalcSection(both, seeded, s.db));
        if (s.sections.has('recalc')) await attempt('sharedRun', () => sharedRunSection(seeded, s.db));
        if (s.sections.has('preview')) await attempt('preview', () => previewSection([both, seeded], rulesDir, s.candidateDir, s.db));
      }
    }
  } finally {
    fs.rmSync(rulesDir, { recursive: true, force: true });
    if (!s.keep) {
      for (const env of [envMain, envSmall]) {
        await dropDatabases(env).catch(() => undefined);
        if (env.DB === 'sqlite') fs.rmSync(env.DATA_DIR!, { recursive: true, force: true });
      }
      if (s.db === 'sqlite') fs.rmSync(path.dirname(envMain.DATA_DIR!), { recursive: true, force: true });
    }
  }

  const busy = Object.entries(otherCpu).filter(([, share]) => share !== null && share > 0.05);
  rows.push({
    section: 'Machine',
    measure: `CPU used by other processes during each section${s.db === 'mysql' ? ' (the database server counts as ours)' : ''}`,
    measured: Object.entries(otherCpu).map(([name, share]) => `${name} ${share === null ? '?' : `${Math.round(share * 100)}%`}`).join(', '),
    target: '≤ 5% (a quiet machine)',
    verdict: busy.length ? `busy during ${busy.map(([name]) => name).join(', ')}: those figures are skewed` : 'met',
  });
  results.finishedAt = new Date().toISOString();
  results.loadAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  results.table = rows;
  const file = writeResults(`${startedAt.toISOString().slice(0, 16).replace(/:/g, '-')}-${s.db}-${s.members}`, results);
  const m = results.machine as ReturnType<typeof machineInfo>;
  console.log(
    `\nBenchmark of ${startedAt.toISOString()}: ${m.cpus} CPUs (${m.cpuModel}), ${m.memory} RAM, Node ${m.node}, ${m.database}; ` +
      `load average ${m.loadAtStart[0]} at start, ${(results.loadAtEnd as number[])[0]} at end (1 min)\n`,
  );
  console.log(renderTable(rows));
  console.log(`\nThe same figures as JSON: ${path.relative(process.cwd(), file)}`);
}

try {
  const settings = readBenchSettings(process.argv.slice(2));
  if (settings === 'help') console.log(USAGE);
  else {
    run(settings).catch((error: Error) => {
      console.error(error);
      process.exit(1);
    });
  }
} catch (error) {
  console.error(`bench: ${(error as Error).message}\nusage: ${USAGE}`);
  process.exit(1);
}
