// Error messages in the request's language. An error made with a text (`domainError(…, { key,
// params })`) keeps its English message for services without texts; a subgraph's language plugin
// rewrites it from the policy's texts before the answer leaves, and says in Content-Language which
// languages the answer used. The code and the field never change: only the words do.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Policy, TextKey, TextParams } from '@cps/policy';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { CONTENT_LANGUAGE_HEADER, mergeContentLanguages, type RequestLanguage } from './languages';

/** Which text of the policy says what an error says, with what goes into its placeholders. */
export interface ErrorText {
  key: TextKey;
  params?: TextParams;
}

/** Where an error's words come from: the policy's texts, by language. */
export type TextSource = Pick<Policy, 'languages' | 'texts'>;

/** Internal: carries the error's text from where it is thrown to the language plugin, which removes it. */
export const ERROR_TEXT_EXTENSION = 'text';

function localised(error: GraphQLFormattedError, words: (text: ErrorText) => string): GraphQLFormattedError {
  const { [ERROR_TEXT_EXTENSION]: text, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
  if (!text) return error;
  return { ...error, message: words(text as ErrorText), extensions };
}

/** An error's text in `language` (chosen among the source's languages, else the caller's, else English); its message where there are no texts. */
function errorWords(error: GraphQLFormattedError, text: ErrorText, source: TextSource | null, language: RequestLanguage | undefined, caller?: string | null): string {
  if (!source || !language) return error.message;
  const texts = source.texts(language.choose(source.languages(), caller));
  // `{label}` is the field in words ("Postal code"): texts name each field a person types.
  const label = typeof error.extensions?.field === 'string' ? texts.text(`field.${error.extensions.field}` as TextKey) : undefined;
  // Words end trimmed: a serial's hint may be empty.
  return texts.text(text.key, { ...(label ? { label } : {}), ...text.params }).trim();
}

/**
 * An error thrown where no plugin sees it (while the request's context is made: a refused token),
 * written in the request's language now, its text removed.
 */
export function inRequestLanguage(error: unknown, source: TextSource | null, language: RequestLanguage): unknown {
  if (!(error instanceof GraphQLError) || !error.extensions[ERROR_TEXT_EXTENSION]) return error;
  const { message, extensions } = localised({ message: error.message, extensions: error.extensions }, (text) => errorWords(error, text, source, language));
  return new GraphQLError(message, { extensions, originalError: error.originalError ?? undefined });
}

export interface LanguagePluginOptions<TContext> {
  /** The texts this request is answered from (its policy), or null where a service has none. */
  texts: (context: TContext) => TextSource | null;
  /** The caller's own language, when the request names none the texts have (members: the signed-in member's). */
  callerLanguage?: (context: TContext) => Promise<string | null>;
}

/**
 * Rewrites each error that carries a text in the request's language (Accept-Language among the
 * policy's languages, else the caller's own, else English), removes the text from the answer, and
 * sets Content-Language to every language the answer used.
 */
export function languagePlugin<TContext extends BaseContext & { language?: RequestLanguage }>(
  options: LanguagePluginOptions<TContext>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const body = response.body;
          const source = options.texts(contextValue);
          const language = contextValue.language;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          if (body.kind === 'single' && errors?.some((e) => e.extensions?.[ERROR_TEXT_EXTENSION])) {
            // Only asked when an error needs words: for most requests that is never.
            const caller = source && language ? await options.callerLanguage?.(contextValue).catch(() => null) : null;
            body.singleResult.errors = errors.map((error) => localised(error, (text) => errorWords(error, text, source, language, caller)));
          }
          // Beside what another plugin set already (the gateway's subgraphs).
          const used = mergeContentLanguages([response.http.headers.get(CONTENT_LANGUAGE_HEADER), ...(language?.languagesUsed() ?? [])]);
          if (used.length) response.http.headers.set(CONTENT_LANGUAGE_HEADER, used.join(', '));
        },
      };
    },
  };
}
