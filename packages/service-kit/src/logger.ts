import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Personal data never reaches the logs: these keys are censored wherever pino finds them (one and
 * two levels down), variables of GraphQL requests are never logged, and error messages are
 * scrubbed of e-mail addresses and quoted values (SQL errors quote the offending value).
 */
const PERSONAL_KEYS = ['email', 'name', 'street', 'postalCode', 'city', 'address', 'serialNumber', 'variables', 'authorization', 'cookie'];
const REDACT_PATHS = [
  ...PERSONAL_KEYS.filter((key) => key !== 'name').map((key) => key), // top level: `name` is the service
  ...PERSONAL_KEYS.map((key) => `*.${key}`),
  ...PERSONAL_KEYS.map((key) => `*.*.${key}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

const EMAIL = /[^\s@'"<>(),;:/\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A quoted value starts and ends at a quote that is not inside a word, so "the member's" stays.
const QUOTED = /(?<![\p{L}\p{N}])'(?:[^'\\]|\\.)*'(?![\p{L}\p{N}])/gu;
const BEARER = /Bearer\s+[\w.~+/-]+=*/gi;

/** Removes personal data that may sit inside free text (e.g. `Duplicate entry 'anna@…' for key`). */
export function scrubText(text: string): string {
  return text.replace(BEARER, 'Bearer [redacted]').replace(EMAIL, '[email]').replace(QUOTED, "'[redacted]'");
}

/**
 * Errors are logged with their type, code, scrubbed message and stack; never with the extra
 * properties drivers attach (TypeORM's `parameters` and `query`, mysql2's `sql`), which hold
 * the values of the statement.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    const message = (error as { message?: unknown } | null)?.message;
    return { message: scrubText(typeof message === 'string' ? message : String(error)) };
  }
  const e = error as Error & { code?: unknown; errno?: unknown; extensions?: Record<string, unknown>; originalError?: unknown };
  const out: Record<string, unknown> = { type: e.name, message: scrubText(e.message) };
  const code = e.extensions?.code ?? e.code;
  if (code !== undefined) out.code = String(code);
  if (typeof e.errno === 'number') out.errno = e.errno;
  if (e.extensions?.serviceName) out.serviceName = e.extensions.serviceName;
  if (e.stack) out.stack = scrubText(e.stack);
  if (e.originalError && e.originalError !== error) out.cause = serializeError(e.originalError);
  return out;
}

let destination: DestinationStream | undefined;

/** Tests capture the logs of services started in-process; `undefined` goes back to stdout. */
export function setLogDestination(stream: DestinationStream | undefined): void {
  destination = stream;
}

/** Structured JSON logs, one logger per service; personal data is redacted wherever it appears. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const options = {
    name: service,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}
