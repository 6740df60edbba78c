import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { CONTENT_LANGUAGE_HEADER, requestLogState } from '@cps/service-kit';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './context';

type Context = GraphQLRequestContext<GatewayContext>;

/** What a request that ran an operation hands to the identical ones that waited for it. */
interface SharedAnswer {
  /** The request that ran it: the others' log lines name it (`sharedFrom`), as its subgraph calls do. */
  requestId: string;
  /** Its error codes, for the others' log lines (Apollo tells no plugin of a copy's errors). */
  codes: readonly string[];
  result: FormattedExecutionResult;
  status: number | undefined;
  contentLanguage: string | undefined;
  cachePolicy: ReturnType<Context['overallCachePolicy']['policyIfCacheable']>;
}

/** Outside production a client may ask for the query plan with its answer (the benchmark does). */
const QUERY_PLAN_HEADER = 'apollo-query-plan-experimental';

/**
 * The key of a query: who asks (the exact Authorization header) and the language asked for (the raw
 * Accept-Language), both as the subgraphs get them from the context, then the document, operation
 * name and variables. Every input the gateway passes on to a subgraph is in it, so requests with
 * the same key get the same answer.
 */
const operationKey = (rc: Context) =>
  JSON.stringify([
    rc.contextValue.authorization ?? null,
    rc.contextValue.language.acceptLanguage ?? null,
    rc.request.http?.headers.get(QUERY_PLAN_HEADER) ?? null,
    rc.queryHash,
    rc.request.operationName ?? null,
    rc.request.variables ?? {},
  ]);

/**
 * Identical queries in flight at once (same caller, language, document, operation and variables)
 * run once: the first executes its query plan, and each identical one that arrives before its answer
 * gets a copy of it (status, Content-Language, cache policy), without planning, fetching or result
 * shaping of its own. Each keeps its own request id, log line (which names the request it was
 * answered from: `sharedFrom`) and limits. Nothing is kept once the
 * answer is sent: this is not a cache (in-flight.ts does the same for single subgraph calls, whoever
 * asks). Mutations always run, each of them, and a query that starts after a mutation started or
 * ended never joins one from before: a client that saves and then asks again sees what it saved.
 */
export function sharedOperations(options: { maxWaitMs: number }): ApolloServerPlugin<GatewayContext> {
  const inFlight = new Map<string, Promise<SharedAnswer | null>>();
  /** The first request's turn: it ends with its answer, or after maxWaitMs (the others then run their own). */
  const lead = (key: string) => {
    let settle!: (answer: SharedAnswer | null) => void;
    const turn = new Promise<SharedAnswer | null>((resolve) => (settle = resolve));
    inFlight.set(key, turn);
    // Apollo gives every answered request its willSendResponse; should one ever not get it (a
    // plugin that throws before execution), its turn must not hold identical requests for ever.
    const expiry = setTimeout(() => end(null), options.maxWaitMs).unref();
    const end = (answer: SharedAnswer | null) => {
      clearTimeout(expiry);
      if (inFlight.get(key) === turn) inFlight.delete(key);
      settle(answer);
    };
    return end;
  };
  return {
    async requestDidStart() {
      let endTurn: ((answer: SharedAnswer | null) => void) | undefined;
      let mutating = false;
      return {
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          if (rc.operation.operation === 'mutation') {
            mutating = true;
            inFlight.clear();
          }
          if (rc.operation.operation !== 'query') return null;
          const key = operationKey(rc);
          const running = inFlight.get(key);
          if (!running) {
            endTurn = lead(key);
            return null;
          }
          const answer = await running;
          if (!answer) return null; // the first could not share its answer (see below): run this one
          const log = requestLogState(rc.contextValue);
          if (log) {
            log.sharedFrom = answer.requestId;
            log.codes.push(...answer.codes);
          }
          if (answer.cachePolicy) rc.overallCachePolicy.replace(answer.cachePolicy);
          const headers = new HeaderMap();
          if (answer.contentLanguage) headers.set(CONTENT_LANGUAGE_HEADER, answer.contentLanguage);
          // A copy: plugins after this one may replace its errors (their language), never its data.
          return { http: { status: answer.status, headers }, body: { kind: 'single', singleResult: { ...answer.result } } };
        },
        async willSendResponse(rc) {
          if (mutating) inFlight.clear();
          if (!endTurn) return;
          const { body, http } = rc.response;
          // An answer delivered in parts (@defer) is not shared: the waiting requests run their own.
          endTurn(
            body.kind === 'single'
              ? {
                  requestId: rc.contextValue.requestId,
                  codes: [...(requestLogState(rc.contextValue)?.codes ?? [])],
                  result: body.singleResult,
                  status: http.status,
                  contentLanguage: http.headers.get(CONTENT_LANGUAGE_HEADER),
                  cachePolicy: rc.overallCachePolicy.policyIfCacheable(),
                }
              : null,
          );
        },
      };
    },
  };
}
