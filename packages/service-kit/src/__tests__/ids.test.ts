// Ids from clients: parseId refuses bad input on its field; idOrNull turns an impossible id into "no such row".
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { idOrNull, parseId } from '../ids';

/** The GraphQLError parseId throws (fails the test if it returns). */
function refusal(field: string, value: Parameters<typeof parseId>[1]): GraphQLError {
  let thrown: unknown;
  try {
    parseId(field, value);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `parseId(${JSON.stringify(value)}) should throw`).toBeInstanceOf(GraphQLError);
  return thrown as GraphQLError;
}

describe('parseId', () => {
  it('reads a whole number given as a string or a number', () => {
    expect(parseId('productId', '42')).toBe(42);
    expect(parseId('productId', 42)).toBe(42);
    expect(parseId('productId', '999999999999')).toBe(999_999_999_999);
  });

  it('ignores spaces around the id', () => {
    expect(parseId('equipmentId', ' 17 ')).toBe(17);
  });

  it('refuses a non-id with BAD_USER_INPUT on the given field, quoting the value', () => {
    const error = refusal('productId', 'abc');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'productId' });
    expect(error.message).toBe('"abc" is not an id.');
  });

  it.each([
    ['a negative number', '-1'],
    ['a fraction', '1.5'],
    ['a fractional number', 7.5],
    ['an exponent', '1e3'],
    ['a hex number', '0x10'],
    ['more than 12 digits', '1234567890123'],
    ['an empty string', ''],
    ['only spaces', '   '],
    ['null', null],
    ['undefined', undefined],
    ['digits with a letter', '12a'],
    ['SQL', '1 OR 1=1'],
  ])('refuses %s', (_what, value) => {
    expect(refusal('memberId', value).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'memberId' });
  });
});

describe('idOrNull', () => {
  it('reads an id given as a string or a number', () => {
    expect(idOrNull('42')).toBe(42);
    expect(idOrNull(42)).toBe(42);
    expect(idOrNull('999999999999')).toBe(999_999_999_999);
  });

  it.each([
    ['a word', 'abc'],
    ['a negative number', -1],
    ['a fraction', '1.5'],
    ['an exponent', '1e3'],
    ['more than 12 digits', '1234567890123'],
    ['a huge number', 1e21],
    ['an empty string', ''],
    ['null', null],
    ['undefined', undefined],
  ])('gives null for %s, so the lookup finds nothing instead of failing', (_what, value) => {
    expect(idOrNull(value)).toBeNull();
  });
});

describe('ids no row can have', () => {
  it('0 and 000 are not ids: refused as input, null as a lookup; spaces around a lookup id are ignored', () => {
    expect(() => parseId('productId', '0')).toThrow(/not an id/);
    expect(idOrNull('000')).toBeNull();
    expect(idOrNull(' 7')).toBe(7);
  });
});
