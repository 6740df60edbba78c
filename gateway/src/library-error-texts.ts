import { ERROR_TEXT_EXTENSION, type ErrorText } from '@cps/service-kit';
import type { GraphQLFormattedError } from 'graphql';

/**
 * GraphQL Armor's limits and graphql-js's token limit make their own English errors, with no code
 * of ours to hang words on: each is recognised by its message (the packages are pinned; an
 * unrecognised one keeps the library's words) and given the policy's text, which the language
 * plugin then writes in the request's language. The code and everything else stay as they are.
 */
const LIMIT_ERRORS: ReadonlyArray<{ code: string; message: RegExp; text: (match: RegExpExecArray) => ErrorText }> = [
  { code: 'GRAPHQL_VALIDATION_FAILED', message: /Query depth limit of (\d+) exceeded, found (\d+)/, text: (m) => ({ key: 'error.queryTooDeep', params: { max: m[1]!, found: m[2]! } }) },
  { code: 'GRAPHQL_VALIDATION_FAILED', message: /Aliases limit of (\d+) exceeded, found (\d+)/, text: (m) => ({ key: 'error.tooManyAliases', params: { max: m[1]!, found: m[2]! } }) },
  { code: 'GRAPHQL_VALIDATION_FAILED', message: /Directives limit of (\d+) exceeded, found (\d+)/, text: (m) => ({ key: 'error.tooManyDirectives', params: { max: m[1]!, found: m[2]! } }) },
  { code: 'GRAPHQL_VALIDATION_FAILED', message: /Query Cost limit of (\d+) exceeded, found (\d+)/, text: (m) => ({ key: 'error.queryTooCostly', params: { max: m[1]!, found: m[2]! } }) },
  // graphql-js 16 writes "more that".
  { code: 'GRAPHQL_PARSE_FAILED', message: /Document contains more tha[nt] (\d+) tokens/, text: (m) => ({ key: 'error.tooManyTokens', params: { max: m[1]! } }) },
];

/** For the gateway's formatError: a limit's error with the text that says it. */
export function withLimitText(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  for (const limit of LIMIT_ERRORS) {
    const match = code === limit.code ? limit.message.exec(formatted.message) : null;
    if (match) return { ...formatted, extensions: { ...formatted.extensions, [ERROR_TEXT_EXTENSION]: limit.text(match) } };
  }
  return formatted;
}
