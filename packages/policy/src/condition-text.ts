// Words for json-rules-engine conditions, so explanations read as sentences rather than operator names.
import { phrase, type TextKey, type Words } from './texts';
import type { Tier } from './types';

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const REQUIREMENT_TEXTS: Readonly<Record<string, TextKey>> = {
  greaterThanInclusive: 'explain.atLeast',
  greaterThan: 'explain.moreThan',
  lessThanInclusive: 'explain.atMost',
  lessThan: 'explain.fewerThan',
  equal: 'explain.exactly',
  notEqual: 'explain.not',
};

/** What a condition asks of its fact, in words for any language: "at least 2" for greaterThanInclusive 2; other operators as they are. */
export function requirementWords(operator: string, value: unknown): Words {
  const key = REQUIREMENT_TEXTS[operator];
  return key ? phrase(key, { value: String(value) }) : phrase('explain.operator', { operator, value: JSON.stringify(value) ?? 'undefined' });
}

/** A tier (or no tier) as its texts name it: "Gold", "Platin", "Argent". */
export const tierPhrase = (tier: Tier | null): Words => phrase(tier ? `tier.${tier}` : 'tier.none');

/** The smallest count that satisfies a count threshold, or undefined for operators that are not a minimum. */
export function minimumRequired(operator: string, value: unknown): number | undefined {
  if (typeof value !== 'number') return undefined;
  if (operator === 'greaterThanInclusive') return value;
  if (operator === 'greaterThan') return Math.floor(value) + 1;
  return undefined;
}
