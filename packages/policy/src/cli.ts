// Command line for policy owners: `node packages/policy/dist/cli.js validate [dir]`.
// Importable: runPolicyCli takes the commands, so other packages can add theirs (explain, preview)
// without touching this file.
import { defaultRulesDir } from './default-rules-dir';
import { loadPolicy, validatePolicy } from './load-policy';
import { describePolicyChanges } from './policy-diff';
import { formatProblem } from './problems';
import { DEFAULT_PROGRAMME_TIME_ZONE, dayIn } from './programme-calendar';
import { listScheduledFolders, SCHEDULED_FOLDER } from './rule-files';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface CliCommand {
  name: string;
  usage: string; // e.g. "validate [dir]"
  summary: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const validateCommand: CliCommand = {
  name: 'validate',
  usage: 'validate [dir]',
  summary: 'check the live rules and every scheduled version (schemas, cross-pack checks, policy-tests cases); exit 1 on any problem',
  async run(args, io) {
    const dir = args[0] ?? defaultRulesDir();
    const problems = await validatePolicy(dir);
    if (problems.length) {
      for (const p of problems) io.stdout.write(`${formatProblem(p)}\n`);
      io.stdout.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${dir}\n`);
      return 1;
    }
    const policy = await loadPolicy(dir);
    // Texts a pack lets English stand in for: allowed, but the owner should know what is untranslated.
    for (const gap of policy.textFallbacks()) io.stdout.write(`note: ${formatProblem(gap)}\n`);
    io.stdout.write(
      `OK policy ${policy.version}: ${policy.packs().length} packs, ${policy.products().length} products, ` +
        `${policy.countries().length} countries (${policy.dir})\n`,
    );
    for (const folder of (await listScheduledFolders(dir)).folders) {
      const scheduled = await loadPolicy(folder.dir);
      io.stdout.write(`OK scheduled ${scheduled.version} from ${folder.day} (${SCHEDULED_FOLDER}/${folder.day})\n`);
    }
    return 0;
  },
};

export const diffCommand: CliCommand = {
  name: 'diff',
  usage: 'diff [from] [to]',
  summary: 'every change between two rules folders in words (default: the live rules and the next scheduled version)',
  async run(args, io) {
    const live = defaultRulesDir();
    const from = args[0] ?? live;
    let to = args[1];
    if (!to) {
      const today = dayIn(new Date(), DEFAULT_PROGRAMME_TIME_ZONE);
      const next = (await listScheduledFolders(from)).folders.find((f) => f.day > today);
      if (!next) {
        io.stderr.write(`no version is scheduled after today in ${from}/${SCHEDULED_FOLDER}: name the folders to compare\n`);
        return 2;
      }
      to = next.dir;
    }
    const [before, after] = await Promise.all([loadPolicy(from), loadPolicy(to)]);
    const changes = await describePolicyChanges(before, after);
    io.stdout.write(`From ${before.version} (${before.dir}) to ${after.version} (${after.dir}):\n`);
    for (const line of changes.length ? changes : ['No change in what the policy decides.']) io.stdout.write(`  - ${line}\n`);
    return 0;
  },
};

export const policyCommands: readonly CliCommand[] = [validateCommand, diffCommand];

function usage(commands: readonly CliCommand[]): string {
  return ['usage: policy <command>', ...commands.map((c) => `  ${c.usage.padEnd(24)} ${c.summary}`)].join('\n') + '\n';
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/** Runs one command; argv is the arguments after the script name. Resolves to the exit code. */
export async function runPolicyCli(argv: readonly string[], io: CliIo = processIo, commands: readonly CliCommand[] = policyCommands): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage(commands));
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`${name ? `unknown command "${name}"\n` : ''}${usage(commands)}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runPolicyCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
