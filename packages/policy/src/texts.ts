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
] as const;
export type TextKey = (typeof TEXT_KEYS)[number];

export type TextParams = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{(\w+)\}/g;

/** The `{name}` placeholders of a template, sorted: a translation must use the same ones. */
export const placeholdersOf = (template: string): string[] => [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();

/** A template with its placeholders filled; one without a value stays as written, so a gap shows. */
export const fillTemplate = (template: string, params: TextParams = {}): string =>
  template.replace(PLACEHOLDER, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));

/** The texts of one language, as a request or an e-mail uses them. */
export interface Texts {
  readonly language: string;
  text(key: TextKey, params?: TextParams): string;
}
