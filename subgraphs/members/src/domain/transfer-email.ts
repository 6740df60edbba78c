// The e-mails of a second-hand registration. The handler team responsible for the buyer's country
// writes to the buyer (answers go to the team) and has the request in its queue; the buyer learns
// the decision. Nothing about the previous owner goes to the buyer.
// Each e-mail is in its reader's language: the buyer's own (see member-language.ts), the team's
// from its country file; the words are the policy's texts (rules/texts/<language>.json).
import type { HandlerTeam, Policy, Texts } from '@cps/policy';
import type { EquipmentRecord } from '../entities/equipment.entity';
import type { MemberRecord } from '../entities/member.entity';
import type { EmailMessage } from '../mail/outbox';
import { memberLanguage } from './member-language';
import { memberNumber } from './member-number';

/** A handler team as it writes: its name and address, and the policy whose texts it writes in. */
export interface WritingTeam extends HandlerTeam {
  policy: Policy;
}

/** The team responsible for members living in that country (its country file names it). */
export function handlerTeamFor(policy: Policy, countryCode: string): WritingTeam {
  const team = policy.country(countryCode)?.handlerTeam;
  // Policies that drop a country where members live are refused, so this is a broken invariant.
  if (!team) throw new Error(`no handler team: ${countryCode} is not a programme country in policy ${policy.version}`);
  return { ...team, policy };
}

const buyerTexts = (team: WritingTeam, buyer: MemberRecord): Texts => team.policy.texts(memberLanguage(buyer, team.policy));

const purchaseWords = (texts: Texts, item: EquipmentRecord) =>
  texts.text(item.estimated ? 'mail.purchaseEstimated' : 'mail.purchase', { day: item.purchaseDate, dealer: item.dealer, country: item.purchaseCountryCode });

const itemWords = (item: EquipmentRecord) => ({ model: item.productModel, serial: item.serialNumber });

/** The team asks the buyer for proof of the purchase, as the programme's source says. */
export function proofRequestToBuyer(team: WritingTeam, buyer: MemberRecord, item: EquipmentRecord): EmailMessage {
  const texts = buyerTexts(team, buyer);
  return {
    to: buyer.email,
    memberId: buyer.id,
    replyTo: team.email,
    subject: texts.text('mail.proofRequest.subject', itemWords(item)),
    body: texts.text('mail.proofRequest.body', { ...itemWords(item), name: buyer.name, purchase: purchaseWords(texts, item), number: memberNumber(buyer.id), team: team.name }),
  };
}

/** The request in the team's queue, in the team's language: what to validate, with both accounts' numbers. */
export function transferRequestToTeam(team: WritingTeam, item: EquipmentRecord, previous: EquipmentRecord): EmailMessage {
  const texts = team.policy.texts(team.language);
  return {
    to: team.email,
    subject: texts.text('mail.teamRequest.subject', itemWords(item)),
    body: texts.text('mail.teamRequest.body', {
      ...itemWords(item),
      buyer: memberNumber(item.memberId),
      previous: memberNumber(previous.memberId),
      purchase: purchaseWords(texts, item),
      equipmentId: item.id,
    }),
  };
}

/** The buyer learns the team's decision. */
export function transferDecisionToBuyer(team: WritingTeam, buyer: MemberRecord, item: EquipmentRecord): EmailMessage {
  const texts = buyerTexts(team, buyer);
  const decision = item.status === 'ACTIVE' ? 'mail.confirmed' : 'mail.rejected';
  const reason = item.transferNote ?? texts.text('transfer.noReason');
  return {
    to: buyer.email,
    memberId: buyer.id,
    replyTo: team.email,
    subject: texts.text(`${decision}.subject`, itemWords(item)),
    body: texts.text(`${decision}.body`, { ...itemWords(item), name: buyer.name, reason, team: team.name }),
  };
}
