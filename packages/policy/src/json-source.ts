import { parse, ParseErrorCode, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { PolicyProblem } from './types';
import { problem } from './problems';

export type ParseResult = { ok: true; value: unknown } | { ok: false; problem: PolicyProblem };

/** What jsonc-parser's error codes mean to a policy owner looking for a stray comma or quote. */
const REASONS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character',
  [ParseErrorCode.InvalidNumberFormat]: 'not a number JSON allows',
  [ParseErrorCode.PropertyNameExpected]: 'expected a property name in double quotes',
  [ParseErrorCode.ValueExpected]: 'a value is missing',
  [ParseErrorCode.ColonExpected]: 'expected ":" after the property name',
  [ParseErrorCode.CommaExpected]: 'expected "," between entries',
  [ParseErrorCode.CloseBraceExpected]: 'expected "}" (an object is not closed)',
  [ParseErrorCode.CloseBracketExpected]: 'expected "]" (a list is not closed)',
  [ParseErrorCode.EndOfFileExpected]: 'more after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'a string is not closed (missing ")',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'a number is cut off',
  [ParseErrorCode.InvalidUnicode]: 'an invalid \\u escape',
  [ParseErrorCode.InvalidEscapeCharacter]: 'an invalid escape after \\',
  [ParseErrorCode.InvalidCharacter]: 'a line break or control character inside a string (a missing closing quote?)',
};

/**
 * Finds where and why JSON text is invalid (jsonc-parser, strict JSON: no comments, no trailing
 * commas). Only used after JSON.parse failed: Node's own messages do not always give a position,
 * and policy owners need a line and column to find a stray comma.
 */
export function locateJsonError(text: string): { position: number; reason: string } | null {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return null;
  const position = first.offset;
  const found = text[position];
  // "[1, 2, ]": the value jsonc-parser misses is the trailing comma's.
  if (first.error === ParseErrorCode.ValueExpected || first.error === ParseErrorCode.PropertyNameExpected) {
    if ((found === ']' || found === '}') && text.slice(0, position).trimEnd().endsWith(',')) {
      return { position, reason: `a trailing comma before "${found}" is not allowed in JSON` };
    }
  }
  const shown = position >= text.length ? 'end of file' : `"${found}"`;
  return { position, reason: `${REASONS[first.error] ?? printParseErrorCode(first.error)} (found ${shown})` };
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/** Parses one rule file; a syntax error (also a half-written file) becomes a problem, never an exception. */
export function parseJson(file: string, text: string): ParseResult {
  if (text.trim() === '') return { ok: false, problem: problem(file, '', 'the file is empty (not valid JSON)') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const located = locateJsonError(text);
    const message = located
      ? `not valid JSON at ${lineAndColumn(text, located.position)}: ${located.reason}`
      : `not valid JSON: ${(error as Error).message.split('\n')[0]}`;
    return { ok: false, problem: problem(file, '', message) };
  }
}
