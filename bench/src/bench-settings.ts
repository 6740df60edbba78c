import os from 'node:os';
import path from 'node:path';
import { defaultRulesDir } from '@cps/policy';
import { DEV_AUTH_SECRET, type Env } from '@cps/service-kit';
import { choiceArg, countArg, countListArg, parseArgs, stringArg } from './cli-args';

export const USAGE = `npm run bench -- [--db sqlite|mysql] [--members 10000] [--mysql-url URL] [--seconds 10]
                    [--only seed,rules,statements,dashboard,peer,public,recalc,preview] [--candidate RULES_DIR]
                    [--prefix cps_bench_] [--reuse] [--keep] [--profile] [--memo-populations 10k,100k,1m]`;

export const SECTIONS = ['seed', 'rules', 'statements', 'dashboard', 'peer', 'public', 'recalc', 'preview'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchSettings {
  db: 'sqlite' | 'mysql';
  /** The main population (dashboard, statements, the larger 1 January run). */
  members: number;
  /** The second population: a tenth of the main one (the smaller 1 January run, the preview at 100k). */
  smallMembers: number;
  seconds: number;
  warmupSeconds: number;
  /** Sizes of the generated populations (in memory, no database) the verdict memo is measured on. */
  memoPopulations: number[];
  connections: number[];
  sections: Set<Section>;
  /** The rules the run uses (a snapshot, taken at start, of RULES_DIR or rules/). */
  sourceRulesDir: string;
  candidateDir?: string;
  reuse: boolean;
  keep: boolean;
  /** CPU-profile the four services and say where their time went (slows them a little). */
  profile: boolean;
  prefix: string;
  mysqlUrl?: string;
}

export function readBenchSettings(argv: string[]): BenchSettings | 'help' {
  const args = parseArgs(argv, {
    db: 'value',
    members: 'value',
    'mysql-url': 'value',
    seconds: 'value',
    'memo-populations': 'value',
    only: 'value',
    candidate: 'value',
    prefix: 'value',
    reuse: 'flag',
    keep: 'flag',
    profile: 'flag',
    help: 'flag',
  });
  if (args.has('help')) return 'help';
  const db = choiceArg(args, 'db', ['sqlite', 'mysql'] as const, 'sqlite');
  const members = countArg(args, 'members', 10_000);
  const mysqlUrl = stringArg(args, 'mysql-url') ?? process.env.MYSQL_URL;
  if (db === 'mysql') {
    if (!mysqlUrl) throw new Error('--db mysql needs MYSQL_URL or --mysql-url (mysql://user:password@127.0.0.1:3306)');
    const host = new URL(mysqlUrl).hostname;
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`the benchmark only uses a database on 127.0.0.1, not ${host}`);
  }
  const only = stringArg(args, 'only');
  const sections = new Set<Section>(only ? (only.split(',') as Section[]) : SECTIONS);
  for (const s of sections) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (${SECTIONS.join(', ')})`);
  const prefix = stringArg(args, 'prefix') ?? 'cps_bench_';
  if (!/^[A-Za-z0-9_]+$/.test(prefix)) throw new Error('--prefix: letters, digits and underscores only');
  return {
    db,
    members,
    smallMembers: Math.max(1000, Math.round(members / 10)),
    seconds: countArg(args, 'seconds', 10),
    memoPopulations: countListArg(args, 'memo-populations', [10_000, 100_000, 1_000_000]),
    warmupSeconds: 2,
    connections: [1, 50],
    sections,
    sourceRulesDir: process.env.RULES_DIR ? path.resolve(process.env.RULES_DIR) : defaultRulesDir(),
    candidateDir: stringArg(args, 'candidate'),
    reuse: args.has('reuse'),
    keep: args.has('keep') || args.has('reuse'),
    profile: args.has('profile'),
    prefix,
    mysqlUrl,
  };
}

/**
 * The services' settings for one of the benchmark's populations: its own SQLite folder or its own
 * MySQL databases (`cps_bench_*`, `cps_bench_small_*`), never the ones `npm start` uses.
 */
export function populationEnv(settings: BenchSettings, name: 'main' | 'small', rulesDir: string): Env {
  const dbPrefix = name === 'main' ? settings.prefix : `${settings.prefix}small_`;
  return {
    DB: settings.db,
    MYSQL_URL: settings.mysqlUrl,
    DATA_DIR: path.join(os.tmpdir(), `${settings.prefix.replace(/_+$/, '')}-sqlite`, name),
    DB_NAME_PREFIX: dbPrefix,
    MEMBERS_DB_NAME: `${dbPrefix}members`,
    CATALOGUE_DB_NAME: `${dbPrefix}catalogue`,
    REGIONS_DB_NAME: `${dbPrefix}regions`,
    RULES_DIR: rulesDir,
    AUTH_SECRET: process.env.AUTH_SECRET ?? DEV_AUTH_SECRET,
  };
}
