// Words for json-rules-engine conditions, so explanations read as sentences rather than operator names.

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "at least 2" for greaterThanInclusive 2, and so on; unknown operators are shown as they are. */
export function requirementText(operator: string, value: unknown): string {
  switch (operator) {
    case 'greaterThanInclusive':
      return `at least ${String(value)}`;
    case 'greaterThan':
      return `more than ${String(value)}`;
    case 'lessThanInclusive':
      return `at most ${String(value)}`;
    case 'lessThan':
      return `fewer than ${String(value)}`;
    case 'equal':
      return `exactly ${String(value)}`;
    case 'notEqual':
      return `not ${String(value)}`;
    default:
      return `${operator} ${JSON.stringify(value)}`;
  }
}

/** The smallest count that satisfies a count threshold, or undefined for operators that are not a minimum. */
export function minimumRequired(operator: string, value: unknown): number | undefined {
  if (typeof value !== 'number') return undefined;
  if (operator === 'greaterThanInclusive') return value;
  if (operator === 'greaterThan') return Math.floor(value) + 1;
  return undefined;
}
