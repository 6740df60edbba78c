// The member-facing texts of the policy: one texts pack per language (rules/texts/<language>.json),
// English the reference every other language is checked against. Code names a text by its key;
// the words are policy data, so a policy owner changes them without a release.

/** The language every text exists in, and the last resort when a request and a member name none the programme has. */
export const BASE_LANGUAGE = 'en';

/** Every text the services use. A texts pack must hold each (English always; others unless the pack falls back). */
export const TEXT_KEYS = [
  'tier.SILVER', 'tier.GOLD', 'tier.PLATINUM', 'tier.none',
  'support.contact', 'support.contactWithPhone', 'support.none',
  'notice.TIER_FALLS', 'notice.CARD_OVERDUE', 'notice.TRANSFER_PENDING', 'notice.TRANSFER_REJECTED', 'notice.ESTIMATED_DETAILS',
  'transfer.noReason', 'equipment.pendingNotice',
  'outlook.removed', 'outlook.transferred', 'outlook.unsupported', 'outlook.blocked',
  'outlook.toKeep', 'outlook.toReachAgain', 'outlook.oneMoreBody', 'outlook.moreBodies', 'outlook.oneMoreLens', 'outlook.moreLenses', 'outlook.bodiesAndLenses',
  'outlook.goesDown', 'outlook.rises', 'outlook.keeps', 'outlook.qualifiesForNone', 'outlook.videoEnds',
  'mail.purchase', 'mail.purchaseEstimated',
  'mail.proofRequest.subject', 'mail.proofRequest.body',
  'mail.teamRequest.subject', 'mail.teamRequest.body',
  'mail.confirmed.subject', 'mail.confirmed.body', 'mail.rejected.subject', 'mail.rejected.body',
  'field.name', 'field.email', 'field.address.street', 'field.address.postalCode', 'field.address.city', 'field.dealer', 'field.reason',
  'error.required', 'error.tooLong', 'error.controlCharacters', 'error.oneLine', 'error.brokenCharacter',
  'error.emailInvisible', 'error.emailTooLong', 'error.notAnEmail', 'error.emailReserved', 'error.emailTaken',
  'error.notADay', 'error.purchaseInFuture', 'error.purchaseTooEarly',
  'error.notInProgramme', 'error.countryClosed', 'error.unknownProduct', 'error.alreadyRegistered',
  'error.serialEmpty', 'error.serialSpaces', 'error.serialSpecialCharacters', 'error.serialShape',
  'error.notACountryCode', 'error.unassignedCountryCode', 'error.unknownLanguage',
  // The engine's reasons (Member.tierExplanation, and the cap sentence of an outlook).
  'words.separator', 'explain.qualifies', 'explain.qualifiesForNone', 'explain.videoRule',
  'explain.ruleMet', 'explain.ruleNotMet', 'explain.ruleNotMetButMet',
  'explain.blocked', 'explain.capped', 'explain.notCounting',
  'explain.bodies.one', 'explain.bodies.other', 'explain.lenses.one', 'explain.lenses.other', 'explain.proVideo.one', 'explain.proVideo.other',
  'explain.notProgrammeCountry', 'explain.countryLeft', 'explain.countryAllows', 'explain.silverOnly', 'explain.cappedAt',
  'explain.atLeast', 'explain.moreThan', 'explain.atMost', 'explain.fewerThan', 'explain.exactly', 'explain.not', 'explain.operator', 'explain.fact',
  'item.countsAsBody', 'item.countsAsLens', 'item.countsAsProVideo', 'item.notQualifying', 'item.unsupported',
  'item.PENDING_TRANSFER', 'item.TRANSFERRED', 'item.REJECTED', 'item.REMOVED', 'item.otherStatus',
  // Why a held tier changed (Member.tierHistory), kept as a code and written when read.
  'history.REGISTERED', 'history.TRANSFER_CONFIRMED', 'history.MOVED', 'history.POLICY_RISE', 'history.RISE_WITHDRAWN',
  'history.YEARLY_RUN', 'history.ACCOUNT_ERASED', 'history.DEMO_TIER', 'history.DEMO_VIDEO', 'history.videoStarts', 'history.videoEnds',
  // Errors the gateway makes itself (tokens, document limits, the anonymous rate limit).
  'error.tokenInvalid', 'error.tokenTooLong', 'error.tokenHeader', 'error.tokenExpired', 'error.tokenNotYetValid', 'error.tokenWithoutExpiry',
  'error.tokenSignature', 'error.tokenMalformed', 'error.tokenFromTheFuture', 'error.tokenLivesTooLong',
  'error.queryTooDeep', 'error.tooManyAliases', 'error.tooManyDirectives', 'error.queryTooCostly', 'error.tooManyTokens',
  'error.noSuchOperationType', 'error.noSuchOperation', 'error.noOperationNames', 'error.whichOperation', 'error.rateLimited',
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

/**
 * What goes into a text's placeholder and is itself language: another text (with its own values),
 * a count whose text the language's plural rules choose ("1 body", "0 boîtier"), a programme
 * country by its code (named as its file names it in that language), or several of them one after
 * the other. Plain JSON: a history row keeps one and is written in its reader's language later.
 */
export type Words =
  | { readonly text: TextKey; readonly params?: TextParams }
  | { readonly count: number; readonly one: TextKey; readonly other: TextKey; readonly params?: TextParams }
  | { readonly country: string }
  | { readonly list: readonly Words[] }; // one after the other, with the language's separator (`words.separator`)

export type TextParams = Readonly<Record<string, string | number | Words>>;

/** A text with its values, to be written in whichever language reads it. */
export const phrase = (text: TextKey, params?: TextParams): Words => (params ? { text, params } : { text });

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders of a template, sorted: a translation must use the same ones. */
export const placeholdersOf = (template: string): string[] => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();

/** A template with its placeholders filled; one without a value stays as written, so a gap shows. */
export const fillTemplate = (template: string, params: Readonly<Record<string, string | number>> = {}): string =>
  template.replace(PLACEHOLDER, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));

/** The texts of one language, as a request or an e-mail uses them. */
export interface Texts {
  readonly language: string;
  text(key: TextKey, params?: TextParams): string;
  /** Words (a phrase, a country, …) in this language. */
  words(words: Words): string;
}
