import { ERROR_TEXT_EXTENSION } from '@cps/service-kit';
import { describe, expect, it } from 'vitest';
import { withLimitText } from '../library-error-texts';

const limitError = (code: string, message: string) => withLimitText({ message, extensions: { code } });

describe("the words of the libraries' limit errors", () => {
  it('GraphQL Armor\'s depth, alias, directive and cost limits get the policy\'s text, with the limit and what was found', () => {
    expect(limitError('GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Query depth limit of 8 exceeded, found 9.').extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      [ERROR_TEXT_EXTENSION]: { key: 'error.queryTooDeep', params: { max: '8', found: '9' } },
    });
    expect(limitError('GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Aliases limit of 15 exceeded, found 16.').extensions![ERROR_TEXT_EXTENSION]).toMatchObject({ key: 'error.tooManyAliases' });
    expect(limitError('GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Directives limit of 20 exceeded, found 21.').extensions![ERROR_TEXT_EXTENSION]).toMatchObject({ key: 'error.tooManyDirectives' });
    expect(limitError('GRAPHQL_VALIDATION_FAILED', 'Syntax Error: Query Cost limit of 5000 exceeded, found 81920.').extensions![ERROR_TEXT_EXTENSION]).toEqual({
      key: 'error.queryTooCostly',
      params: { max: '5000', found: '81920' },
    });
  });

  it("graphql-js's token limit (its message says \"more that\") gets one too", () => {
    expect(limitError('GRAPHQL_PARSE_FAILED', 'Syntax Error: Document contains more that 1000 tokens. Parsing aborted.').extensions![ERROR_TEXT_EXTENSION]).toEqual({
      key: 'error.tooManyTokens',
      params: { max: '1000' },
    });
  });

  it('anything else keeps its words: another code, another message, a subgraph saying the same', () => {
    for (const [code, message] of [
      ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nmae" on type "Member".'],
      ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found "}".'],
      ['BAD_USER_INPUT', 'Query depth limit of 8 exceeded, found 9.'],
    ]) {
      expect(limitError(code!, message!)).toEqual({ message, extensions: { code } });
    }
  });
});
