/**
 * Small helpers for the security and fault tests: raw HTTP to the gateway and the subgraphs, the
 * gateway's proof made by hand, what the databases hold, what the services log, and which
 * operations the composed supergraph has.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  readGatewaySecrets,
  setLogDestination,
  signProof,
  type SubgraphName,
} from '@cps/service-kit';
import { Kind, parse } from 'graphql';
import type { Stack } from '../harness';

/** A stack with production's hardening, in-process (NODE_ENV stays unset so test tokens work). */
export const HARDENED = { HARDENING: 'on' } as const;

/** me { equipment { owner { equipment { … id } } } }: `depth` fields deep, counting `me` and `id`. */
export const nestedQuery = (depth: number) => {
  const fields = ['me', ...Array.from({ length: depth - 2 }, (_, i) => (i % 2 ? 'owner' : 'equipment'))];
  return `{ ${fields.map((f) => `${f} { `).join('')}id${' }'.repeat(fields.length)} }`;
};

/** Four levels of fragments, each spreading the one below four times: a few tokens, a huge cost. */
export const FRAGMENT_BOMB = /* GraphQL */ `
  query Bomb { products { ...F4 } }
  fragment F0 on Product { id model kind serialPattern serialHint supported tierCap }
  fragment F1 on Product { ...F0 ...F0 ...F0 ...F0 }
  fragment F2 on Product { ...F1 ...F1 ...F1 ...F1 }
  fragment F3 on Product { ...F2 ...F2 ...F2 ...F2 }
  fragment F4 on Product { ...F3 ...F3 ...F3 ...F3 }
`;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** POST (or any method) with full control over headers and body, for requests a client would not make. */
export async function send(
  url: string,
  { method = 'POST', body, headers = {} }: { method?: string; body?: string | object; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** What the gateway would send: the proof header for `body`, made with the subgraph's secret. */
export function proofHeader(stack: Stack, name: SubgraphName, body: string, authorization?: string): Record<string, string> {
  const secret = readGatewaySecrets(stack.env)[name];
  return { 'x-cps-gateway-proof': signProof(secret, body, authorization) };
}

/** The error codes of a raw response body. */
export const codesOf = (body: any): string[] => (body?.errors ?? []).map((e: any) => e?.extensions?.code);

export { databaseState, type TableState } from '../harness';

/**
 * Captures every service's JSON log lines (services started after this call, in this process).
 * Returns the lines and a stop function that puts logging back on stdout.
 */
export function captureLogs(): { lines: Array<Record<string, any>>; raw: string[]; stop: () => void } {
  const lines: Array<Record<string, any>> = [];
  const raw: string[] = [];
  setLogDestination({
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
    },
  });
  return { lines, raw, stop: () => setLogDestination(undefined) };
}

/** The root fields the running stack's supergraph has, to tell what exists yet from what is still to come. */
export function supergraphOperations(stack: Stack): { query: Set<string>; mutation: Set<string>; fields: Set<string> } {
  return operationsOf(fs.readFileSync(path.join(stack.env.DATA_DIR!, 'supergraph.graphql'), 'utf8'));
}

/**
 * The root fields (and every type's fields, as `Type.field`) of the supergraph the subgraphs
 * compose to now: for `it.todo` at collection time.
 */
export async function composedOperations(): Promise<{ query: Set<string>; mutation: Set<string>; fields: Set<string> }> {
  const { composeSupergraph } = await import('@cps/schema');
  return operationsOf((await composeSupergraph()).supergraph);
}

function operationsOf(sdl: string): { query: Set<string>; mutation: Set<string>; fields: Set<string> } {
  const fields = { query: new Set<string>(), mutation: new Set<string>(), fields: new Set<string>() };
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = definition.name.value;
    const target = type === 'Query' ? fields.query : type === 'Mutation' ? fields.mutation : undefined;
    for (const field of definition.fields ?? []) {
      // @inaccessible: in the supergraph for the subgraphs' own use, never served by the gateway.
      if (field.directives?.some((d) => d.name.value === 'inaccessible')) continue;
      target?.add(field.name.value);
      fields.fields.add(`${type}.${field.name.value}`);
    }
  }
  return fields;
}

/** Seeded pseudo-random numbers (mulberry32): a failing fuzz run can be repeated with its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
