// Which language a member's texts and e-mails are in. The request decides first (its
// Accept-Language, negotiated in service-kit), then the member's own language, then English.
import { BASE_LANGUAGE, type Policy, type Texts } from '@cps/policy';
import { badInput, requestTexts, type RequestLanguage } from '@cps/service-kit';
import type { MemberRecord } from '../entities/member.entity';

/** The member's own language: the one they chose, else their country's main language. */
export const memberLanguage = (member: Pick<MemberRecord, 'language' | 'countryCode'>, policy: Policy): string =>
  member.language ?? policy.country(member.countryCode)?.language ?? BASE_LANGUAGE;

/** The texts of an answer about this member, recorded for the answer's Content-Language. */
export const textsForMember = (policy: Policy, request: RequestLanguage, member: MemberRecord): Texts =>
  requestTexts(policy, request, memberLanguage(member, policy));

/** A language a member may choose: one the programme has texts in (ISO 639-1, any case). */
export function checkedLanguage(policy: Policy, typed: string): string {
  const language = typed.trim().toLowerCase();
  const languages = policy.languages();
  if (languages.includes(language)) return language;
  const params = { value: typed.slice(0, 20), languages: languages.join(', ') };
  throw badInput('language', `The programme has no texts in "${params.value}": choose one of ${params.languages}.`, { key: 'error.unknownLanguage', params });
}
