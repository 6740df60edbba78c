/** `--name value`, `--name=value` and bare `--flag` arguments; anything else is an error. */
export type Args = Map<string, string | true>;

export function parseArgs(argv: string[], known: Record<string, 'value' | 'flag'>): Args {
  const args: Args = new Map();
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`unexpected argument "${argv[i]}"`);
    const [, name, inline] = match;
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name} (known: ${Object.keys(known).map((k) => `--${k}`).join(', ')})`);
    if (kind === 'flag') {
      if (inline !== undefined) throw new Error(`--${name} takes no value`);
      args.set(name, true);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      args.set(name, value);
    }
  }
  return args;
}

/** A positive whole number; `1_000_000`, `1e6`, `100k` and `1m` are accepted too. */
export function countArg(args: Args, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  if (raw === true) throw new Error(`--${name} needs a number`);
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(raw.replace(/_/g, ''));
  const value = match ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as '' | 'k' | 'm'] : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function choiceArg<T extends string>(args: Args, name: string, choices: readonly T[], fallback: T): T {
  const raw = args.get(name) ?? fallback;
  if (raw === true || !choices.includes(raw as T)) throw new Error(`--${name} must be one of ${choices.join(', ')}`);
  return raw as T;
}

export const stringArg = (args: Args, name: string): string | undefined => {
  const raw = args.get(name);
  return typeof raw === 'string' ? raw : undefined;
};
