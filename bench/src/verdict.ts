/**
 * Targets and verdicts: "met", or "missed by N%" (how far the measured value is from the target,
 * relative to the target), or why the target does not apply to this run.
 */
export type Verdict = string;

const pct = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)}%`;

export function atLeast(value: number, target: number): Verdict {
  if (!Number.isFinite(value)) return 'not measured';
  return value >= target ? 'met' : `missed by ${pct(((target - value) / target) * 100)}`;
}

export function atMost(value: number, target: number): Verdict {
  if (!Number.isFinite(value)) return 'not measured';
  return value <= target ? 'met' : `missed by ${pct(((value - target) / target) * 100)}`;
}

export function allEqual(values: number[]): Verdict {
  return values.every((v) => v === values[0]) ? 'met' : `missed: ${values.join(' / ')} differ`;
}

/** For a target stated for another scale or database than this run's. */
export const notAtThisScale = (where: string): Verdict => `n/a here (target is for ${where})`;

/** A load run with failed requests measured something else than the target: invalid, and what the first failure said. */
export const invalidIfErrors = (run: { errors: number; firstError?: string }): Verdict =>
  run.errors ? `${run.errors} errors: invalid${run.firstError ? ` (first: ${run.firstError.replace(/\|/g, '/').replace(/\s*\n\s*/g, ' ')})` : ''}` : '—';
