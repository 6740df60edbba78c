import type { GraphQLFormattedError } from 'graphql';

/**
 * GraphQL's own input errors ("Variable "$input" got invalid value … at "input.purchaseDate"")
 * carry no field; give them the contract's `extensions.field`, relative to the input object.
 */
export function nameTheInputField(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  if (extensions.code !== 'BAD_USER_INPUT' || extensions.field) return formatted;
  const at = /at "([^"]+)"/.exec(formatted.message)?.[1];
  const variable = /Variable "\$(\w+)"/.exec(formatted.message)?.[1];
  const path = at ?? variable;
  if (!path) return formatted;
  const field = path.replace(/^input\./, '').replace(/\[\d+\]/g, '');
  return { ...formatted, extensions: { ...extensions, field } };
}
