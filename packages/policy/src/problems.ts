import type { PolicyProblem } from './types';

/** Thrown when a policy cannot be loaded; lists every problem found, not just the first. */
export class PolicyError extends Error {
  readonly problems: PolicyProblem[];

  constructor(problems: PolicyProblem[], dir?: string) {
    const where = dir ? ` in ${dir}` : '';
    super(
      `policy refused${where}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n` +
        problems.map(formatProblem).join('\n'),
    );
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

export function problem(file: string, pointer: string, message: string): PolicyProblem {
  return { file, pointer, message };
}

/** "products/bodies.json#/products/3/cap: must be ..." — the form the CLI prints. */
export function formatProblem(p: PolicyProblem): string {
  return `${p.file}${p.pointer ? `#${p.pointer}` : ''}: ${p.message}`;
}

/** Builds a JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
