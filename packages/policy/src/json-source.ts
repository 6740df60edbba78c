import type { PolicyProblem } from './types';
import { problem } from './problems';

export type ParseResult = { ok: true; value: unknown } | { ok: false; problem: PolicyProblem };

/**
 * Finds where and why JSON text is invalid. Only used after JSON.parse failed: Node's own messages
 * do not always give a position, and policy owners need a line and column to find a stray comma.
 */
export function locateJsonError(text: string): { position: number; reason: string } | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw { position: i, reason };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const shown = () => (i >= text.length ? 'end of file' : `"${text[i]}"`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${shown()}`);
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail('a line break or control character inside a string (a missing closing quote?)');
      i++;
    }
    if (i >= text.length) fail('a string is not closed (missing ")');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${shown()}`);
    i += match![0].length;
  };
  const list = (close: string, entry: () => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      entry();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === close) fail(`a trailing comma before "${close}" is not allowed in JSON`);
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected "," or "${close}" but found ${shown()}`);
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      list('}', () => {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes but found ${shown()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ":" after the property name but found ${shown()}`);
        i++;
        value();
      });
    } else if (c === '[') list(']', value);
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else fail(`unexpected ${shown()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${shown()} after the end of the JSON value`);
    return null;
  } catch (error) {
    return error as { position: number; reason: string };
  }
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
