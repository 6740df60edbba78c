import { parseArgs as parseNodeArgs } from 'node:util';

/** `--name value`, `--name=value` and bare `--flag` arguments (node:util's parser); anything else is an error. */
export type Args = Map<string, string | true>;

export function parseArgs(argv: string[], known: Record<string, 'value' | 'flag'>): Args {
  const options = Object.fromEntries(Object.entries(known).map(([name, kind]) => [name, { type: kind === 'flag' ? 'boolean' : 'string' } as const]));
  const { values } = parseNodeArgs({ args: argv, options, strict: true, allowPositionals: false });
  return new Map(Object.entries(values).map(([name, value]) => [name, value === true ? true : String(value)]));
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

/** A comma-separated list of counts, each as countArg reads one: `10k,100k,1m`. */
export function countListArg(args: Args, name: string, fallback: number[]): number[] {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  if (raw === true) throw new Error(`--${name} needs a list of numbers`);
  return raw.split(',').map((part) => countArg(new Map([[name, part.trim()]]), name, 0));
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
