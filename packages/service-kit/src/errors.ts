import { GraphQLError } from 'graphql';

/**
 * The error codes of the public contract (CONTRACT.md), plus NOT_FOUND for unknown ids. Errors
 * with these codes reach clients as they are, also in production; every other error is masked
 * there (see error-masking.ts). A new domain code goes here.
 */
export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'LEGACY_ACCOUNT_EXPIRED',
  'NOT_IN_PROGRAMME_COUNTRY',
  'UNKNOWN_PRODUCT',
  'INVALID_SERIAL',
  'ALREADY_REGISTERED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every error a client sees is made here: a code, the offending input field if any, and why. */
export function domainError(code: ErrorCode, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field ? { code, field } : { code } });
}

export const badInput = (field: string, message: string) => domainError('BAD_USER_INPUT', message, field);
export const unauthenticated = () => domainError('UNAUTHENTICATED', 'Sign in first: this needs a bearer token.');
export const forbidden = (what = 'this') => domainError('FORBIDDEN', `You may not access ${what}.`);
