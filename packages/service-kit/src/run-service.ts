import { INSTANCE_ID } from './instance';
import type { RunningService } from './http-service';
import { createLogger } from './logger';

/**
 * The `main` of every service: start it, log where it listens, and on SIGINT/SIGTERM drain
 * requests and close the database before exiting. A failed start exits non-zero with the reason.
 * A promise rejected with nobody to handle it is logged, not a crash; an exception nobody caught
 * leaves the process in an unknown state, so it is logged and the process exits for its
 * supervisor to restart it (committed writes are in the database; nothing half-done is).
 */
export function runService(name: string, start: () => Promise<RunningService>): void {
  const logger = createLogger(name);
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, `${name} stops after an uncaught exception`);
    logger.flush?.();
    process.exit(1);
  });
  start().then(
    (service) => {
      logger.info({ url: service.url, instance: INSTANCE_ID, pid: process.pid }, `${name} ready at ${service.url}`);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, `${name} stopping`);
        service.close().then(
          () => process.exit(0),
          (error: Error) => {
            logger.error({ err: error }, `${name} did not stop cleanly`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (error: Error) => {
      logger.fatal({ err: error }, `${name} could not start: ${error.message}`);
      process.exit(1);
    },
  );
}
