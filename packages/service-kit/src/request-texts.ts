import type { Policy, Texts } from '@cps/policy';
import type { RequestLanguage } from './languages';

/**
 * The policy's texts an answer is written in: the request's language among the policy's, else the
 * first of `preferences` it has (a member's own language), else English; recorded for the
 * answer's Content-Language.
 */
export const requestTexts = (policy: Policy, request: RequestLanguage, ...preferences: Array<string | null | undefined>): Texts =>
  policy.texts(request.choose(policy.languages(), ...preferences));
