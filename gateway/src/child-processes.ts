import type { ChildProcess } from 'node:child_process';

/**
 * Stops service processes the way a deployment would: SIGTERM (each drains its requests and closes
 * its database), then SIGKILL for one still running after `forceAfterMs`.
 */
export function stopChildren(children: Iterable<ChildProcess>, forceAfterMs = 10_000): Promise<void> {
  return Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill('SIGKILL'), forceAfterMs);
          child.once('exit', () => {
            clearTimeout(force);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  ).then(() => undefined);
}
