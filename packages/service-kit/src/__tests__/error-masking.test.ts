// What clients see of an error: kept in development, masked in production, SERVICE_UNAVAILABLE for a lost database.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, errorBody, formatErrorFor, INTERNAL_ERROR_MESSAGE, isClientErrorCode } from '../error-masking';
import { badInput, domainError, ERROR_CODES, nameTheUnavailableService, serviceUnavailable } from '../errors';

const sqlError: GraphQLFormattedError = {
  message: "ER_DUP_ENTRY: Duplicate entry 'anna@example.com' for key 'IDX_email'",
  locations: [{ line: 1, column: 12 }],
  path: ['registerEquipment'],
  extensions: { code: 'ER_DUP_ENTRY', sql: 'INSERT INTO members …', stacktrace: ['at Query.run'] },
};

/** A database error as Apollo hands it to formatError: a GraphQLError around the driver's error. */
const unreachable = () =>
  new GraphQLError('connect ECONNREFUSED 127.0.0.1:3306', {
    originalError: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED', errno: -111 }),
  });
const unreachableFormatted: GraphQLFormattedError = {
  message: 'connect ECONNREFUSED 127.0.0.1:3306',
  path: ['member'],
  extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at TCPConnectWrap'] },
};

describe('formatErrorFor without hardening (development)', () => {
  const format = formatErrorFor(false);

  it('keeps the message and adds INTERNAL_SERVER_ERROR when there is no code', () => {
    const formatted = format({ message: 'Cannot read properties of undefined', path: ['me'] });
    expect(formatted).toEqual({ message: 'Cannot read properties of undefined', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('keeps an error that has a code as it is, with all its extensions', () => {
    expect(format(sqlError)).toEqual(sqlError);
  });

  it('keeps schema hints', () => {
    const hint = { message: 'Cannot query field "emial" on type "Member". Did you mean "email"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(format(hint).message).toBe(hint.message);
  });
});

describe('formatErrorFor with hardening (production)', () => {
  const format = formatErrorFor(true);

  it('an unknown code becomes INTERNAL_SERVER_ERROR with the generic message and no other extensions', () => {
    expect(format(sqlError)).toEqual({ message: INTERNAL_ERROR_MESSAGE, path: ['registerEquipment'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('an error without a code is masked the same way', () => {
    expect(format({ message: 'TypeError: x is undefined', extensions: { stacktrace: ['at x'] } })).toEqual({
      message: INTERNAL_ERROR_MESSAGE,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('a masked error keeps serviceName (which subgraph failed) and nothing else', () => {
    const relayed = { message: 'connect ECONNREFUSED 10.0.0.7:4002', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'catalogue', field: 'productId', query: '{ … }' } };
    expect(format(relayed)).toEqual({ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'catalogue' } });
  });

  it('a contract code keeps its message, code and field; stack traces and other extensions are dropped', () => {
    const input: GraphQLFormattedError = {
      message: 'The serial number does not fit this product.',
      locations: [{ line: 2, column: 3 }],
      path: ['registerEquipment'],
      extensions: { code: 'INVALID_SERIAL', field: 'serialNumber', stacktrace: ['at resolver'], exception: { sql: 'SELECT' } },
    };
    expect(format(input)).toEqual({
      message: 'The serial number does not fit this product.',
      locations: [{ line: 2, column: 3 }],
      path: ['registerEquipment'],
      extensions: { code: 'INVALID_SERIAL', field: 'serialNumber' },
    });
  });

  it.each(ERROR_CODES.map((code) => [code]))('the contract code %s reaches the client with its message', (code) => {
    expect(format({ message: `why: ${code}`, extensions: { code } })).toEqual({ message: `why: ${code}`, extensions: { code } });
  });

  it("the gateway's rate limit keeps its code, message and how long to wait (the client is told to wait, in its language)", () => {
    expect(format({ message: 'Too many requests without signing in.', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30 } })).toEqual({
      message: 'Too many requests without signing in.',
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 30 },
    });
  });

  it('the errors made by domainError and badInput pass unchanged', () => {
    const error = badInput('purchaseDate', 'The purchase date cannot be in the future.');
    const formatted = format({ message: error.message, extensions: { ...error.extensions, stacktrace: ['…'] } });
    expect(formatted).toEqual({ message: 'The purchase date cannot be in the future.', extensions: { code: 'BAD_USER_INPUT', field: 'purchaseDate' } });
    const forbidden = domainError('FORBIDDEN', 'No.');
    expect(format({ message: forbidden.message, extensions: forbidden.extensions }).extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('GraphQL request errors keep their message, but "Did you mean" suggestions are removed', () => {
    expect(
      format({ message: 'Cannot query field "emial" on type "Member". Did you mean "email"?', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
    ).toEqual({ message: 'Cannot query field "emial" on type "Member".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(
      format({
        message: 'Value "GOLDD" does not exist in "Tier" enum. Did you mean the enum value "GOLD" or "GOLD_PLUS"?',
        extensions: { code: 'BAD_USER_INPUT' },
      }).message,
    ).toBe('Value "GOLDD" does not exist in "Tier" enum.');
  });

  it('a message without a suggestion is unchanged', () => {
    const message = 'Syntax Error: Expected Name, found "}".';
    expect(format({ message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }).message).toBe(message);
  });
});

describe('an unreachable database', () => {
  it('with hardening, it becomes SERVICE_UNAVAILABLE naming the service, with a message to retry', () => {
    const formatted = formatErrorFor(true, 'members')(unreachableFormatted, unreachable());
    expect(formatted).toEqual({
      message: 'The members service cannot reach its database just now; try again shortly.',
      path: ['member'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'members', unavailableService: 'members' },
    });
  });

  it('without hardening, the code and service change but the original message is kept', () => {
    const formatted = formatErrorFor(false, 'members')(unreachableFormatted, unreachable());
    expect(formatted.message).toBe('connect ECONNREFUSED 127.0.0.1:3306');
    expect(formatted.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'members', unavailableService: 'members' });
  });

  it('a driver error wrapped by TypeORM (driverError) is recognised too', () => {
    const error = new GraphQLError('Query failed', {
      originalError: Object.assign(new Error('Query failed'), { driverError: { code: 'PROTOCOL_CONNECTION_LOST' } }),
    });
    expect(formatErrorFor(true, 'regions')(unreachableFormatted, error).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      serviceName: 'regions',
      unavailableService: 'regions',
    });
  });

  it('a service that does not name itself gets the plain internal error', () => {
    expect(formatErrorFor(true)(unreachableFormatted, unreachable())).toEqual({
      message: INTERNAL_ERROR_MESSAGE,
      path: ['member'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('other internal errors of a named service stay masked', () => {
    expect(formatErrorFor(true, 'members')(unreachableFormatted, new GraphQLError('a bug', { originalError: new TypeError('a bug') }))).toEqual({
      message: INTERNAL_ERROR_MESSAGE,
      path: ['member'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('a client error is never turned into SERVICE_UNAVAILABLE', () => {
    const formatted = formatErrorFor(true, 'members')({ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }, unreachable());
    expect(formatted).toEqual({ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('serviceUnavailable and nameTheUnavailableService', () => {
  it('serviceUnavailable makes a SERVICE_UNAVAILABLE error naming the service twice, keeping extra extensions', () => {
    const error = serviceUnavailable('catalogue', 'The catalogue did not answer.', { field: 'productId' });
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('The catalogue did not answer.');
    expect(error.extensions).toEqual({ field: 'productId', code: 'SERVICE_UNAVAILABLE', serviceName: 'catalogue', unavailableService: 'catalogue' });
  });

  it('extra extensions cannot change the code or the service', () => {
    const error = serviceUnavailable('regions', 'Down.', { code: 'INTERNAL_SERVER_ERROR', serviceName: 'members' });
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', serviceName: 'regions', unavailableService: 'regions' });
  });

  it('nameTheUnavailableService moves unavailableService into serviceName and drops it', () => {
    const relayed: GraphQLFormattedError = {
      message: 'The catalogue did not answer.',
      path: ['registerEquipment'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'members', unavailableService: 'catalogue', field: 'productId' },
    };
    expect(nameTheUnavailableService(relayed)).toEqual({
      message: 'The catalogue did not answer.',
      path: ['registerEquipment'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'catalogue', field: 'productId' },
    });
    expect(relayed.extensions?.unavailableService).toBe('catalogue'); // the input is not changed
  });

  it('an error without unavailableService is returned as it is', () => {
    const plain: GraphQLFormattedError = { message: 'x', extensions: { code: 'NOT_FOUND', serviceName: 'members' } };
    expect(nameTheUnavailableService(plain)).toBe(plain);
    const bare: GraphQLFormattedError = { message: 'y' };
    expect(nameTheUnavailableService(bare)).toBe(bare);
  });

  it('through a hardened subgraph and the gateway, the client learns which service actually failed', () => {
    // Members asks the catalogue, which is down: members reports it, the gateway relays it under serviceName "members".
    const fromMembers = formatErrorFor(true, 'members')({
      message: serviceUnavailable('catalogue', 'The catalogue service did not answer; nothing was stored.').message,
      extensions: { ...serviceUnavailable('catalogue', '').extensions, stacktrace: ['…'] },
    });
    const atGateway = nameTheUnavailableService({ ...fromMembers, extensions: { ...fromMembers.extensions, serviceName: 'members' } });
    expect(formatErrorFor(true)(atGateway)).toEqual({
      message: 'The catalogue service did not answer; nothing was stored.',
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'catalogue' },
    });
  });
});

describe('client error codes and early error bodies', () => {
  it('the contract codes and GraphQL request errors are client errors; anything else is not', () => {
    for (const code of ERROR_CODES) expect(isClientErrorCode(code)).toBe(true);
    for (const code of ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'SERVICE_UNAVAILABLE']) {
      expect(CLIENT_ERROR_CODES.has(code)).toBe(true);
    }
    expect(isClientErrorCode('INTERNAL_SERVER_ERROR')).toBe(false);
    expect(isClientErrorCode('ER_DUP_ENTRY')).toBe(false);
    expect(isClientErrorCode(undefined)).toBe(false);
    expect(isClientErrorCode(42)).toBe(false);
  });

  it('errorBody has the GraphQL errors shape with a code', () => {
    expect(errorBody('PAYLOAD_TOO_LARGE', 'Too large.')).toEqual({ errors: [{ message: 'Too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });
});
