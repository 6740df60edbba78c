import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { readCountryCode } from '@cps/policy';
import { badInput } from './errors';
import { Kind, visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';

/** An input as it may appear in a message: a short excerpt, never the whole of a long value. */
export const excerpt = (value: string, max = 40): string => (value.length > max ? `${value.slice(0, max)}…` : value);

/** A country code as typed, read as ISO assigns it ("uk" is GB); one ISO has not assigned is an input error on `field`. */
export function countryCodeInput(field: string, typed: string | null | undefined): string {
  const reading = readCountryCode(typed);
  if (reading.reason !== undefined) throw badInput(field, reading.reason, reading.text);
  return reading.code;
}

/** Person-readable words for GraphQL's own complaints about a value of a scalar type. */
const TYPE_WORDS: Record<string, (value: string) => string> = {
  Date: (value) => `${value} is not a day of the calendar (write it as YYYY-MM-DD, e.g. 2024-05-01).`,
  DateTime: (value) => `${value} is not a date and time (ISO 8601, e.g. 2026-12-31T23:00:00Z).`,
  Int: (value) => `${value} is not a whole number.`,
  Boolean: (value) => `${value} is not true or false.`,
  String: (value) => `${value} is not text.`,
  ID: (value) => `${value} is not an id.`,
};

/**
 * GraphQL's own input errors ("Variable "$input" got invalid value … at "input.purchaseDate"")
 * carry no field and speak of types: give them the contract's `extensions.field`, relative to the
 * input object whatever the variable is called (`purchaseDate`, not `i.purchaseDate`; a missing
 * required field is named too), and a message a person understands, quoting at most a short
 * excerpt of the value.
 */
export function nameTheInputField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (extensions.code !== 'BAD_USER_INPUT' || extensions.field) return formatted;
  const message = formatted.message;
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (!variable) return formatted;
  const at = /at "([^"]+)"/.exec(message)?.[1];
  const missing = /Field "(\w+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  // Paths start with the variable's name: the field is what follows it.
  const inside = at ? at.split('.').slice(1).join('.').replace(/\[\d+\]/g, '') : '';
  const field = [inside, missing].filter(Boolean).join('.') || variable;
  // graphql-scalars says "Value is not a valid LocalDate" where graphql-js says 'Expected type "Date"'.
  const scalar = /Expected type "(\w+)"/.exec(message)?.[1] ?? /is not a valid (\w+)/.exec(message)?.[1];
  const expected = scalar === 'LocalDate' ? 'Date' : scalar;
  const value = /got invalid value (".*?"|\S+)(?: at|;)/.exec(message)?.[1];
  let words = message;
  if (missing) words = `${field} is required.`;
  else if (/of required type "[^"]+" was not provided/.test(message)) words = `${field} is required.`;
  else if (expected && value && TYPE_WORDS[expected]) words = TYPE_WORDS[expected](excerpt(value.replace(/^"|"$/g, '')));
  else words = message.replace(/"([^"]{41,})"/g, (_, long: string) => `"${excerpt(long)}"`);
  return { ...formatted, message: words, extensions: { ...extensions, field } };
}

/** Which argument each variable of the document is given to (the first use: `asOf` for `$d`). */
function argumentsOfVariables(document: DocumentNode): Map<string, string> {
  const found = new Map<string, string>();
  visit(document, {
    Argument(node) {
      if (node.value.kind === Kind.VARIABLE && !found.has(node.value.name.value)) found.set(node.value.name.value, node.name.value);
    },
  });
  return found;
}

/**
 * GraphQL's errors about a whole variable are named after the client's variable (`$d`); the
 * contract names the argument it is given to (`asOf`). After formatting, such a field becomes the
 * argument's name.
 */
export const variableArgumentsPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ document, response }) {
        const body = response.body;
        if (!document || body.kind !== 'single' || !body.singleResult.errors) return;
        const argumentOf = argumentsOfVariables(document);
        body.singleResult.errors = body.singleResult.errors.map((error) => {
          const field = error.extensions?.field;
          const argument = error.extensions?.code === 'BAD_USER_INPUT' && typeof field === 'string' ? argumentOf.get(field) : undefined;
          return argument ? { ...error, extensions: { ...error.extensions, field: argument } } : error;
        });
      },
    };
  },
};
