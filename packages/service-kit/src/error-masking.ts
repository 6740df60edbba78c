import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from './database-errors';
import { ERROR_CODES, serviceUnavailable } from './errors';
import { ERROR_TEXT_EXTENSION } from './localised-errors';

export { isDatabaseUnavailable } from './database-errors';

/**
 * Codes whose errors reach clients as they are, in production too: the contract's domain codes
 * (errors.ts) and what GraphQL and the HTTP layer say about a malformed request. Everything else
 * (SQL, a bug, a refused subgraph call) is an INTERNAL_SERVER_ERROR with a generic message; the
 * original is logged with the request id.
 */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set<string>([
  ...ERROR_CODES,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PAYLOAD_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  // The gateway's anonymous rate limit (429): masked, a client would not know to wait.
  'RATE_LIMITED',
]);

export const isClientErrorCode = (code: unknown): boolean => typeof code === 'string' && CLIENT_ERROR_CODES.has(code);

export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on our side. It was logged; quote the x-request-id response header when you report it.';

/**
 * Extensions a client may see: what went wrong, which input, which service (see serviceUnavailable);
 * and the error's text, which the language plugin turns into the message and removes.
 */
const KEPT_EXTENSIONS = ['code', 'field', 'serviceName', 'unavailableService', 'retryAfterSeconds', ERROR_TEXT_EXTENSION] as const;

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Apollo's `formatError`. Without hardening every error keeps its message and gets a code; with
 * hardening (production) only client errors keep their message, extensions are cut to code, field
 * and service, and schema hints ("Did you mean …?") are dropped. A service whose database cannot
 * be reached says so with SERVICE_UNAVAILABLE (retry later) rather than an internal error.
 */
export function formatErrorFor(hardening: boolean, service?: string) {
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    if (service && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && isDatabaseUnavailable(error)) {
      const unavailable = serviceUnavailable(service, `The ${service} service cannot reach its database just now; try again shortly.`);
      formatted = {
        ...formatted,
        message: hardening ? unavailable.message : formatted.message,
        extensions: { ...formatted.extensions, ...unavailable.extensions },
      };
    }
    const code = formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (!hardening) {
      return formatted.extensions?.code ? formatted : { ...formatted, extensions: { ...formatted.extensions, code } };
    }
    const extensions: Record<string, unknown> = {};
    for (const key of KEPT_EXTENSIONS) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    if (!isClientErrorCode(code)) {
      const masked: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR' };
      if (extensions.serviceName) masked.serviceName = extensions.serviceName;
      return { message: INTERNAL_ERROR_MESSAGE, ...(formatted.path ? { path: formatted.path } : {}), extensions: masked };
    }
    return {
      message: formatted.message.replace(SUGGESTION, ''),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  };
}

/** The body of an error answered before GraphQL runs (bad JSON, too large, no gateway proof). */
export const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });
