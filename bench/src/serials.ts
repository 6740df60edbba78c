import type { Random } from './random';

/** One position of a serial: the characters it may hold, in ascending (code point) order. */
type Position = string;

/**
 * The serial formats of the catalogue are anchored sequences of character classes with a count,
 * e.g. `^[0-9]{12}$`, `^[0-9]{6,7}$`, `^[A-Z]{2}[0-9]{10}$`. This reads that subset (a class or
 * a literal, optionally `{n}` / `{n,m}`) and refuses anything else, so a new format is noticed.
 */
export function serialPositions(pattern: string): Position[] {
  const match = /^\^(.*)\$$/.exec(pattern);
  if (!match) throw new Error(`serial pattern ${pattern} is not anchored with ^...$`);
  const body = match[1];
  const positions: Position[] = [];
  let i = 0;
  while (i < body.length) {
    let chars: string;
    if (body[i] === '[') {
      const end = body.indexOf(']', i);
      if (end < 0) throw new Error(`serial pattern ${pattern}: unclosed [`);
      chars = expandClass(body.slice(i + 1, end), pattern);
      i = end + 1;
    } else if (/[A-Za-z0-9]/.test(body[i])) {
      chars = body[i++];
    } else {
      throw new Error(`serial pattern ${pattern}: "${body[i]}" is not supported by the seeder`);
    }
    let count = 1;
    const quantifier = /^\{(\d+)(?:,(\d+))?\}/.exec(body.slice(i));
    if (quantifier) {
      // The longest allowed length: the most serials, and still a valid serial.
      count = Number(quantifier[2] ?? quantifier[1]);
      i += quantifier[0].length;
    }
    for (let k = 0; k < count; k++) positions.push(chars);
  }
  return positions;
}

function expandClass(spec: string, pattern: string): string {
  let chars = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      for (let c = spec.charCodeAt(i); c <= spec.charCodeAt(i + 2); c++) chars += String.fromCharCode(c);
      i += 2;
    } else if (/[A-Za-z0-9]/.test(spec[i])) {
      chars += spec[i];
    } else {
      throw new Error(`serial pattern ${pattern}: class [${spec}] is not supported by the seeder`);
    }
  }
  return [...new Set(chars)].sort().join('');
}

/**
 * Hands out serials of one product: unique (a counter), increasing (as serials leave a factory,
 * which also keeps inserts into the serial indexes near the end of each product's range) and
 * with random gaps (not every serial made is registered).
 */
export class SerialAllocator {
  private readonly positions: Position[];
  private readonly capacity: number;
  private readonly maxStep: number;
  private next: number;

  constructor(
    pattern: string,
    expectedCount: number,
    private readonly random: Random,
  ) {
    this.positions = serialPositions(pattern);
    this.capacity = this.positions.reduce((n, p) => n * p.length, 1);
    const start = Math.floor(random.next() * this.capacity * 0.1);
    this.next = start;
    // Spread the expected serials over most of the space; never a step of 0.
    this.maxStep = Math.max(1, Math.floor(((this.capacity - start) * 0.8 * 2) / Math.max(1, expectedCount)) - 1);
  }

  allocate(): string {
    const value = this.next;
    if (value >= this.capacity) throw new Error('serial space exhausted: fewer members, or a wider serial format');
    this.next = value + 1 + Math.floor(this.random.next() * this.maxStep);
    return this.format(value);
  }

  private format(value: number): string {
    const out = new Array<string>(this.positions.length);
    for (let i = this.positions.length - 1; i >= 0; i--) {
      const chars = this.positions[i];
      out[i] = chars[value % chars.length];
      value = Math.floor(value / chars.length);
    }
    return out.join('');
  }
}
