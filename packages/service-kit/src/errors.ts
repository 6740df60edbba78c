import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_TEXT_EXTENSION, type ErrorText } from './localised-errors';

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

/**
 * Every error a client sees is made here: a code, the offending input field if any, and why.
 * With `text`, a subgraph says why in the request's language (the policy's text `text.key`);
 * `message` is the English for services without texts.
 */
export function domainError(code: ErrorCode, message: string, field?: string, text?: ErrorText): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(field ? { field } : {}), ...(text ? { [ERROR_TEXT_EXTENSION]: text } : {}) } });
}

/**
 * `service` could not answer (down, hung, or its database is): the fields it provides are missing
 * and nothing was stored. The gateway names the subgraph that returned an error in `serviceName`;
 * `unavailableService` carries the one that actually failed (members asking the catalogue) through
 * the gateway, which puts it back in `serviceName` (`nameTheUnavailableService`).
 */
export function serviceUnavailable(service: string, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...extensions, code: 'SERVICE_UNAVAILABLE', serviceName: service, unavailableService: service },
  });
}

/** For the gateway's formatError: the service that failed, not the subgraph that relayed it. */
export function nameTheUnavailableService(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const { unavailableService, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
  if (!unavailableService) return formatted;
  return { ...formatted, extensions: { ...extensions, serviceName: unavailableService } };
}

export const badInput = (field: string, message: string, text?: ErrorText) => domainError('BAD_USER_INPUT', message, field, text);
export const unauthenticated = () => domainError('UNAUTHENTICATED', 'Sign in first: this needs a bearer token.');
export const forbidden = (what = 'this') => domainError('FORBIDDEN', `You may not access ${what}.`);
