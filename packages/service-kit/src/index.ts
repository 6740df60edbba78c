import 'reflect-metadata';

export * from './auth';
export * from './config';
export * from './context';
export * from './data-source';
export * from './errors';
export * from './federated-schema';
export * from './graphql-types';
export * from './http-service';
export * from './subgraph-service';
export * from './logger';
export * from './run-service';
export * from './subgraph-client';
export * from './transactions';
export * from './input-errors';
export * from './policy-checks';
