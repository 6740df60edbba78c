import { startStack, postGraphQL, type DatabaseKind, type GraphQLResponse, type Stack } from '@cps/gateway/stack';

export { postGraphQL, startStack, type DatabaseKind, type GraphQLResponse, type Stack };

/**
 * The databases the storage and gateway tests run on: always SQLite, and MySQL/MariaDB when
 * MYSQL_URL is set. CI must set it: there a missing MariaDB is a failure, not a skip.
 */
export function databaseKinds(): DatabaseKind[] {
  if (process.env.MYSQL_URL) return ['sqlite', 'mysql'];
  if (process.env.CI) throw new Error('MYSQL_URL is not set: CI runs every storage test on MariaDB too');
  return ['sqlite'];
}

/** The error codes of a response, for compact assertions. */
export const errorCodes = (response: GraphQLResponse) => (response.errors ?? []).map((e) => e.extensions?.code);
