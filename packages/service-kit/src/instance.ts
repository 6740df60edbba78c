import { randomBytes } from 'node:crypto';

/**
 * This process among the instances of its service: on its health report (so the gateway can tell
 * instances behind one balancer apart), in its start-up log line, and as the holder of the leases
 * it takes. Random, so it says nothing about the machine to whoever reads the health report.
 */
export const INSTANCE_ID = randomBytes(6).toString('hex');
